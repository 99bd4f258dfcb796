using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Peers;
using TagApi.Bench.Report;
using TagApi.Bench.Rules;
using TagApi.Core;
using TagApi.Core.Activities;
using TagApi.Core.Common;
using TagApi.Core.Rules;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;
using TagApi.Data;

namespace TagApi.Bench.Workloads;

/// <summary>
/// W5: the three seed rules re-evaluated over every customer, and incrementally for the customers
/// of 100k new activities — TagApi's rule evaluator (index bitmaps and activity timelines, exact
/// diff against the tag's holders) next to the same rule as set-based SQL, on the same database.
/// </summary>
public static class W5Rules
{
    public const string Target = "full run ≥ 10× faster than the SQL at 10M; incremental ≤ 50 ms per 100k activities; the exact add/remove diff.";
    private const string Workload = "W5";
    private const string TagApiName = "TagApi rule evaluator (in-process)";
    private const string SqlName = "set-based SQL (GROUP BY … HAVING + insert/delete)";

    private static readonly (string Key, string Condition)[] SeedRules =
    [
        ("highly_active", "count(interaction, 30d) >= 3"),
        ("high_value", "sum(purchase.amount, 365d) > 10000"),
        ("churn_risk", "daysSince(purchase) > 90 AND orderCount > 0"),
    ];

    public static Section Run(Dataset data, PostgresDatabase database, ulong seed, BenchReport report)
    {
        var section = new Section(Workload, $"Rule re-evaluation ({data.Customers:N0} customers, {data.Customers * (long)ActivityStream.PerCustomer:N0} activities, PostgreSQL)", Target);
        var now = DateTime.UtcNow;
        using var source = database.CreateDataSource();
        report.Load.Add(ActivityStream.Ensure(source, data, seed, now));

        using var services = Services(database);
        var tags = EnsureTags(services, data.TenantId);
        var build = Stopwatch.StartNew();
        var index = InTenant(services, data.TenantId, sp => sp.GetRequiredService<SegmentEngine>().IndexAsync(data.TenantId, CancellationToken.None));
        section.Notes.Add($"Index built with activity timelines in {build.Elapsed.TotalSeconds:N1} s: {index.Current.CustomerCount:N0} customers, {index.Current.ActivityCount():N0} activities, {index.Current.MemoryBytes / (1024 * 1024):N0} MiB.");
        section.Notes.Add("TagApi's figure is the evaluation and the exact diff against the tag's current holders; the SQL computes the wanted set and applies its insert/delete (a no-op after its first, untimed run).");
        section.Notes.Add("Writing a diff goes through the ordinary write path (history, events, webhooks, index) in transactions of 500 customers; it is not part of either figure.");

        using var peer = new PostgresPeer(source);
        var rules = SeedRules.Select((r, i) => Rule(-(i + 1), r.Key, tags[r.Key], r.Condition)).ToList();
        foreach (var (rule, (key, condition)) in rules.Zip(SeedRules))
        {
            var sql = RuleSql.Apply(key, data.TenantId, tags["sql_" + key], now);
            section.Cases.Add(Compare($"full · {key}", condition, sql, peer, () => Desired(index.Current, rule, now, within: null)));
        }

        var membership = new MembershipProbe(services, data.TenantId, section.Notes);
        membership.Baseline();
        var touched = RunIncremental(section, services, source, peer, data, tags, rules, now, seed);
        membership.Incremental(touched);
        return section;
    }

    // Returns the customers the new activities touched.
    private static List<long> RunIncremental(
        Section section, ServiceProvider services, NpgsqlDataSource source, PostgresPeer peer, Dataset data, Dictionary<string, long> tags,
        List<TaggingRule> rules, DateTime now, ulong seed)
    {
        var count = Math.Min(100_000, data.Customers);
        using var connection = source.OpenConnection();
        var ids = ActivityStream.CustomerIds(connection, data.TenantId);
        var rng = new Rng(seed, 55);
        var chosen = Enumerable.Range(0, count).Select(_ => ids[rng.Next(ids.Count)]).ToList();
        var lines = chosen.Select((id, i) => ((long)i + 1, new ActivityInput
        {
            ExternalId = $"w5-new-{Guid.NewGuid():N}", Customer = PublicId.Encode(IdPrefixes.Customer, id),
            Type = i % 2 == 0 ? "interaction" : "purchase", Amount = i % 2 == 0 ? null : 3000m, Channel = "app", OccurredAt = now.AddMinutes(-1),
        })).ToList();

        // W4's activity part: the raw COPY of as many rows into the same indexed table, rolled back, is the floor.
        var raw = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        {
            var copyRng = new Rng(seed, 56);
            ActivityStream.Write(connection, data.TenantId, chosen, now, ref copyRng, TimeSpan.FromDays(1), $"w5-raw-{Guid.NewGuid():N}");
            raw.Stop();
            transaction.Rollback();
        }

        var ingest = Stopwatch.StartNew();
        foreach (var chunk in lines.Chunk(5000))
        {
            InTenant(services, data.TenantId, sp => sp.GetRequiredService<ActivityImporter>().ImportChunkAsync(chunk, CancellationToken.None));
        }

        ingest.Stop();
        section.Notes.Add(
            $"W4 (activities): {count:N0} new activities through the bulk import path (validation, idempotency check, COPY, metrics, index-change log, index timelines) " +
            $"in {ingest.Elapsed.TotalSeconds:N1} s = {count / ingest.Elapsed.TotalSeconds:N0}/s; raw binary COPY of as many rows into the same indexed table " +
            $"{raw.Elapsed.TotalSeconds:N2} s = {count / raw.Elapsed.TotalSeconds:N0}/s; TagApi at {raw.Elapsed.TotalSeconds / ingest.Elapsed.TotalSeconds:P0} of raw COPY (target ≥ 40 %).");
        var snapshot = InTenant(services, data.TenantId, sp => sp.GetRequiredService<SegmentEngine>().IndexAsync(data.TenantId, CancellationToken.None)).Current;
        var touched = RoaringBitmap.FromSorted([.. chosen.Select(id => snapshot.OrdinalOf(id)!.Value).Distinct().Order()]);

        ActivityStream.Execute(connection, "DROP TABLE IF EXISTS bench_w5_touched; CREATE TABLE bench_w5_touched (id bigint PRIMARY KEY)");
        ActivityStream.Execute(connection, $"INSERT INTO bench_w5_touched SELECT DISTINCT unnest(ARRAY[{string.Join(',', chosen)}]::bigint[])");
        const string only = "SELECT id FROM bench_w5_touched";
        foreach (var (rule, (key, condition)) in rules.Zip(SeedRules))
        {
            var sql = RuleSql.Apply(key, data.TenantId, tags["sql_" + key], now, only);
            section.Cases.Add(Compare($"incremental · {key}", $"{condition} — {touched.Cardinality:N0} customers of {count:N0} new activities", sql, peer,
                () => Desired(snapshot, rule, now, touched)));
        }

        ActivityStream.Execute(connection, "DROP TABLE bench_w5_touched");
        return [.. chosen.Distinct()];
    }

    private static CaseResult Compare(string name, string description, string sql, PostgresPeer peer, Func<(long Desired, long Add, long Remove)> evaluate)
    {
        var last = evaluate();
        var result = new CaseResult(name, description) { TagApiQuery = description, Expected = last.Desired, Throughput = false };
        result.PeerQueries[SqlName] = sql;
        result.Add(Workload, Figure.Time(TagApiName, SubjectKind.TagApi, () => evaluate().Desired, MeasureBudget.Default) with
        {
            Note = $"diff against current holders: +{last.Add:N0} / −{last.Remove:N0}",
        });
        result.Add(Workload, Figure.Time(SqlName, SubjectKind.Peer, () => peer.Count(sql), MeasureBudget.Heavy));
        result.CheckAgainstFloor();
        result.AddStandardRatios();
        return result;
    }

    private static (long Desired, long Add, long Remove) Desired(IndexSnapshot snapshot, TaggingRule rule, DateTime now, RoaringBitmap? within)
    {
        var evaluation = RuleEvaluator.Evaluate(snapshot, [rule], new Dictionary<string, QueryNode>(), now, within);
        return (evaluation.Tags[0].Desired.Cardinality, evaluation.AddCount, evaluation.RemoveCount);
    }

    private static TaggingRule Rule(long id, string key, long tagId, string condition) => new()
    {
        Id = id, Key = key, Name = key, Bands = RuleBands.Serialize([new RuleBand(tagId, condition)]), Enabled = true,
    };

    private static ServiceProvider Services(PostgresDatabase database)
    {
        var services = new ServiceCollection().AddTagApiCore();
        services.AddTagApiDbContext(DatabaseProvider.Postgres, database.ConnectionString);
        return services.BuildServiceProvider();
    }

    // One tag per rule for TagApi and one for the SQL peer, so neither sees the other's writes.
    private static Dictionary<string, long> EnsureTags(ServiceProvider services, long tenantId) =>
        InTenant(services, tenantId, async sp =>
        {
            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var key in SeedRules.SelectMany(r => new[] { r.Key, "sql_" + r.Key }))
            {
                var tagKey = "w5_" + key;
                var tag = await sp.GetRequiredService<TagLookup>().FindAsync(tagKey, CancellationToken.None)
                    ?? await sp.GetRequiredService<TagService>().CreateAsync(new TagInput { Key = new(tagKey), Name = new(tagKey), Category = new("behavior") }, CancellationToken.None);
                result[key] = tag.Id;
            }

            return result;
        });

    private static T InTenant<T>(ServiceProvider services, long tenantId, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "bench");
        return work(scope.ServiceProvider).GetAwaiter().GetResult();
    }
}
