using TagApi.Bench.Infrastructure;
using TagApi.Bench.Peers;
using TagApi.Bench.Queries;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>W9: W1's counts with TagApi on its default SQLite store next to the same binary on PostgreSQL, same 100k customers.</summary>
public static class W9Sqlite
{
    public const string Target = "within 2× of PostgreSQL mode (W1, W4, W6 at 100k customers; this harness covers W1).";
    private const string Ratio = "SQLite ÷ PostgreSQL";

    public static Section Run(Stage postgres, SqliteStage sqlite)
    {
        var section = new Section("W9", $"SQLite default: W1 at {sqlite.Data.Customers:N0} customers, SQLite vs PostgreSQL", Target);
        section.Notes.Add("Both databases hold the same generated customers and tags (customer i depends only on the seed and i); each has its own TagApi server.");
        section.Notes.Add("The junction SQL peers run on both stores, to show what the storage engine alone contributes.");
        var sqliteSql = new SqlContext(sqlite.Data.TenantId, sqlite.Data.TagIds, SqlDialect.Sqlite);
        using var peer = new PostgresPeer(postgres.Source);
        var postgresHttp = postgres.Http;
        const string pgName = "TagApi (HTTP, PostgreSQL)";
        foreach (var c in Cases.W1)
        {
            var plan = postgres.Plan(c.Segment);
            var text = TagApiText.Render(c.Segment);
            var result = new CaseResult(c.Name, c.Description) { TagApiQuery = text, Expected = plan.Count() };
            var pairs = new List<(Figure Sqlite, Figure Postgres)>();

            var onSqlite = sqlite.Engine.Engine is { } se
                ? Figure.Time(sqlite.Engine.Name, SubjectKind.TagApi, () => se.Count(text), MeasureBudget.Default)
                : Figure.Missing(sqlite.Engine.Name, SubjectKind.TagApi, sqlite.Engine.Reason!);
            var onPostgres = postgresHttp.Engine is { } pe
                ? Figure.Time(pgName, SubjectKind.TagApi, () => pe.Count(text), MeasureBudget.Default)
                : Figure.Missing(pgName, SubjectKind.TagApi, postgresHttp.Reason!);
            result.Add("W9", onSqlite);
            result.Add("W9", onPostgres);
            pairs.Add((onSqlite, onPostgres));
            result.Add("W9", Figure.Time(PeerNames.Floor, SubjectKind.Floor, plan.Count, MeasureBudget.Default));

            foreach (var (name, render) in new (string, Func<Segment, SqlContext, string>)[] { (PeerNames.Intersect, JunctionSql.Count), (PeerNames.Exists, ExistsSql.Count) })
            {
                var liteSql = render(c.Segment, sqliteSql);
                var pgSql = render(c.Segment, postgres.Sql);
                result.PeerQueries[$"{name} on SQLite"] = liteSql;
                result.PeerQueries[$"{name} on PostgreSQL"] = pgSql;
                var lite = Figure.Time($"{name} on SQLite", SubjectKind.Peer, () => sqlite.Count(liteSql), MeasureBudget.Default);
                var pg = Figure.Time($"{name} on PostgreSQL", SubjectKind.Peer, () => peer.Count(pgSql), MeasureBudget.Default);
                result.Add("W9", lite);
                result.Add("W9", pg);
                pairs.Add((lite, pg));
            }

            result.CheckAgainstFloor();
            var floor = result.Figures.First(f => f.Kind == SubjectKind.Floor);
            result.AddRatio("÷ floor", f => f.Kind != SubjectKind.Floor ? floor : null);
            result.AddRatio(Ratio, f => pairs.FirstOrDefault(p => ReferenceEquals(p.Sqlite, f)).Postgres);
            section.Cases.Add(result);
        }

        return section;
    }
}
