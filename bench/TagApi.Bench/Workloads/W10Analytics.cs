using System.Diagnostics;
using TagApi.Bench.Analytics;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>
/// W10: how the tags are distributed, a 20×20 overlap matrix and a 1-year daily trend of one tag — TagApi over HTTP
/// and in-process, beside the SQL an analyst would write on the same PostgreSQL and on DuckDB in-process with the
/// same rows loaded. Every answer is compared in full with PostgreSQL's (every count of every tag, cell and day).
/// </summary>
public static class W10Analytics
{
    public const string Target = "distribution and 20×20 overlap ≥ 50× PostgreSQL and ≥ 10× DuckDB, < 50 ms over HTTP; 1-year daily trend ≥ 10× PostgreSQL.";
    private const string Workload = "W10";
    private const string HttpName = "TagApi (HTTP)";
    private const string InProcessName = "TagApi (in-process)";
    private const string PostgresName = "PostgreSQL SQL (GROUP BY / self-join / generate_series + window)";
    private const string DuckDbName = "DuckDB in-process (same SQL, same rows)";

    public static Section Run(Dataset data, PostgresDatabase database, TagApiCli cli, ulong seed, BenchReport report, string outputDir)
    {
        var section = new Section(Workload, $"Analytics ({data.Customers:N0} customers, {data.TagIds.Count} tags, PostgreSQL)", Target);
        using var source = database.CreateDataSource();
        var ledger = LedgerGenerator.Ensure(source, data, seed);
        report.Load.Add(ledger);
        section.Notes.Add($"Tag history: {ledger.Rows:N0} ledger lines in TagApi's \"TagHistory\", consistent with the assignments (each held tag's last line is its addition; earlier hold-and-drop cycles and tags held for a while and dropped, over the {400} days before {data.Anchor:yyyy-MM-dd}).");
        section.Notes.Add("Each answer is compared in full with PostgreSQL's (every tag's holders, by-rule count, 30-day adds and removes, every category's coverage; every cell; every day's added, removed and holders); “differs from floor” here means differs from PostgreSQL's answer. The result column shows a headline: total holders, the sum of the cells, the year's ledger lines.");
        section.Notes.Add("The 30-day window follows each TagApi answer's `computedAt`: the peers' answer it is compared with is computed with the cut-off that answer used.");

        var (clientId, clientSecret) = cli.CreateClient(data.Target, PostgresLoader.TenantSlug, "analytics:read");
        using var server = TagApiServer.Start(cli, data.Target, Path.Combine(outputDir, "server-w10.log"));
        using var http = new HttpAnalyticsSubject(HttpName, server.BaseAddress, clientId, clientSecret);
        using var inProcess = new InProcessAnalyticsSubject(InProcessName, database.ConnectionString, data.TenantId);
        var build = Stopwatch.StartNew();
        var indexed = inProcess.BuildIndex();
        section.Notes.Add($"In-process index built once before timing: {indexed:N0} customers in {build.Elapsed.TotalSeconds:N1} s (the server builds its own on its first request, in the untimed check).");

        using var postgres = new SqlAnalyticsPeer(PostgresName, source.OpenConnection(), new AnalyticsSql(data.TenantId, duckDb: false), data.TagIds);
        var duckLoad = Stopwatch.StartNew();
        var (duckConnection, duckSteps) = DuckDbCopy.Load(source, data.TenantId);
        report.Load.AddRange(duckSteps);
        section.Notes.Add($"DuckDB {DuckDbVersion(duckConnection)} loaded in {duckLoad.Elapsed.TotalSeconds:N1} s (not part of any figure; per table in the load steps above).");
        using var duck = new SqlAnalyticsPeer(DuckDbName, duckConnection, new AnalyticsSql(data.TenantId, duckDb: true), data.TagIds);

        var subjects = new Subjects(http, inProcess, postgres, duck);
        var sql = new AnalyticsSql(data.TenantId, duckDb: false);
        section.Cases.Add(Run(subjects, "distribution", $"all {data.TagIds.Count} tags: holders, by rule / by hand, 30-day adds and removes; every category's coverage",
            "GET /v1/analytics/tags", string.Join(" ; ", sql.Customers, sql.Tags(data.Anchor.AddDays(-30)), sql.Coverage), timeDependent: true, (s, since) => s.Distribution(since)));

        var keys = OverlapKeys(data);
        section.Cases.Add(Run(subjects, "overlap 20×20", $"{keys.Count} tags from the densest to the rarest: every pair's customers in common",
            $"GET /v1/analytics/tag-overlap?tags={string.Join(',', keys)}", sql.Overlap(keys.Select(data.TagId).ToList()), timeDependent: false, (s, _) => s.Overlap(keys)));

        var trendTag = TagCatalog.All.Where(t => data.TagIds.ContainsKey(t.Key)).MinBy(t => Math.Abs(t.Density - 0.10))!;
        var (from, to) = (data.Anchor.AddDays(-365), data.Anchor);
        section.Cases.Add(Run(subjects, "trend 1 year daily", $"'{trendTag.Key}' (held by about {trendTag.Density:P0}), 365 days to {to:yyyy-MM-dd}: added, removed and holders per day",
            $"GET /v1/analytics/tags/{trendTag.Key}/trend?interval=day&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", sql.Trend(data.TagId(trendTag.Key), from, to), timeDependent: false,
            (s, _) => s.Trend(trendTag.Key, from, to)));
        return section;
    }

    private sealed record Subjects(IAnalyticsSubject Http, IAnalyticsSubject InProcess, IAnalyticsSubject Postgres, IAnalyticsSubject Duck);

    private static CaseResult Run(
        Subjects s, string name, string description, string tagApiCall, string peerSql, bool timeDependent, Func<IAnalyticsSubject, DateTime, AnalyticsAnswer> ask)
    {
        // The untimed check: each TagApi answer against PostgreSQL's with the same 30-day cut-off.
        DateTime SinceOf(AnalyticsAnswer answer) => timeDependent && answer.ComputedAt is { } at ? at.AddDays(-30) : default;
        var httpAnswer = ask(s.Http, default);
        var since = SinceOf(httpAnswer);
        var reference = ask(s.Postgres, since);
        var inProcessAnswer = ask(s.InProcess, default);
        var inProcessReference = timeDependent ? ask(s.Postgres, SinceOf(inProcessAnswer)) : reference;
        var differences = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [s.Http.Name] = AnalyticsAnswer.FirstDifference(reference, httpAnswer),
            [s.InProcess.Name] = AnalyticsAnswer.FirstDifference(inProcessReference, inProcessAnswer),
            [s.Duck.Name] = AnalyticsAnswer.FirstDifference(reference, ask(s.Duck, since)),
            [s.Postgres.Name] = null,
        };

        var result = new CaseResult(name, description) { TagApiQuery = tagApiCall, Expected = reference.Headline, Throughput = false };
        result.PeerQueries[PostgresName] = peerSql.ReplaceLineEndings(" ");
        result.PeerQueries[DuckDbName] = "the same statements, with DuckDB's timestamp literals and date_trunc on a UTC timestamp";
        foreach (var (subject, kind, budget) in new[]
        {
            (s.Http, SubjectKind.TagApi, MeasureBudget.Default), (s.InProcess, SubjectKind.TagApi, MeasureBudget.Default),
            (s.Postgres, SubjectKind.Peer, MeasureBudget.Heavy), (s.Duck, SubjectKind.Peer, MeasureBudget.Default),
        })
        {
            var figure = Figure.Time(subject.Name, kind, () => ask(subject, since).Headline, budget);
            var difference = differences[subject.Name];
            result.Add(Workload, figure with { AgreesWithFloor = figure.Timing is null ? null : difference is null, Note = difference });
        }

        result.AddStandardRatios();
        return result;
    }

    // Every fifth tag from the densest down: 50 % to the 0.01 % tail.
    private static List<string> OverlapKeys(Dataset data)
    {
        var tags = TagCatalog.All.Where(t => data.TagIds.ContainsKey(t.Key)).OrderByDescending(t => t.Density).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        var step = Math.Max(1, tags.Count / 20);
        return tags.Where((_, i) => i % step == 0).Take(20).Select(t => t.Key).ToList();
    }

    private static string DuckDbVersion(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version()";
        return command.ExecuteScalar()?.ToString() ?? "?";
    }
}
