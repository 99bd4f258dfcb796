using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Peers;
using TagApi.Bench.Queries;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>W1: exact counts of boolean tag expressions (2, 4, 8 terms, hierarchy), with a numeric attribute and a time window.</summary>
public static class W1SegmentCount
{
    public const string Target =
        "≥ 50× faster than GIN and ≥ 150× faster than junction SQL at 1M (ratio growing with N); within 2× of the bare floor; HTTP p99 ≤ 2 ms at 1M.";

    public static Section Run(Stage stage)
    {
        var section = new Section("W1", $"Segment count ({stage.Data.Customers:N0} customers, PostgreSQL)", Target);
        section.Notes.Add("TagApi (HTTP) counts with `POST /v1/segments/query` and `limit` 0: the exact count alone, no members.");
        section.Notes.Add("The floor's plan is compiled once per expression, outside the timing, as a query-plan cache would.");
        using var peer = new PostgresPeer(stage.Source) { Budget = PeerBudget(stage) };
        DuckDbSegmentPeer? duck = null;
        try
        {
            duck = stage.Duck;
            section.Notes.Add($"DuckDB ({duck.Version()}) in-process holds the same customers and {duck.Assignments:N0} assignments, loaded in {duck.LoadSeconds:N1} s (not part of any figure; memory_limit {DuckDbSegmentPeer.MemoryLimit}): the junction table as in PostgreSQL, and each customer's tags as one INTEGER[] built by DuckDB from it.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            section.Notes.Add("DuckDB could not be loaded, so it has no figures in this run: " + Figure.Reason(e));
        }

        if (PeerBudget(stage) != MeasureBudget.Default)
        {
            section.Notes.Add($"At {stage.Data.Customers:N0} customers the SQL and DuckDB peers take seconds per call: each is warmed up with one call and timed at least {MeasureBudget.LargePeer.MinReps} times (the TagApi subjects and the floor keep the usual budget).");
        }

        foreach (var c in Cases.W1)
        {
            section.Cases.Add(RunCase(stage, peer, c, "W1", duck));

            // Read once the first case has built and queried the index, so a long run cut short still has it.
            if (section.Cases.Count == 1)
            {
                AddMemory(stage, section);
            }
        }

        return section;
    }

    /// <summary>One expression counted by every subject of the stage.</summary>
    public static CaseResult RunCase(Stage stage, PostgresPeer peer, SegmentCase c, string workload, DuckDbSegmentPeer? duck = null)
    {
        var plan = stage.Plan(c.Segment);
        var text = TagApiText.Render(c.Segment);
        var result = new CaseResult(c.Name, c.Description) { TagApiQuery = text, Expected = plan.Count() };
        foreach (var slot in stage.Engines)
        {
            result.Add(workload, slot.Engine is { } engine
                ? Figure.Time(slot.Name, SubjectKind.TagApi, () => engine.Count(text), MeasureBudget.Default)
                : Figure.Missing(slot.Name, SubjectKind.TagApi, slot.Reason!));
        }

        result.Add(workload, Figure.Time(PeerNames.Floor, SubjectKind.Floor, plan.Count, MeasureBudget.Default));
        AddPeer(result, workload, peer, PeerNames.Gin, GinSql.Count(c.Segment, stage.Sql));
        AddPeer(result, workload, peer, PeerNames.Intersect, JunctionSql.Count(c.Segment, stage.Sql));
        AddPeer(result, workload, peer, PeerNames.Exists, ExistsSql.Count(c.Segment, stage.Sql));
        if (duck is not null)
        {
            var sql = stage.Sql with { Dialect = SqlDialect.DuckDb };
            AddPeer(result, workload, duck.Count, PeerNames.DuckList, DuckListSql.Count(c.Segment, sql), peer.Budget);
            AddPeer(result, workload, duck.Count, PeerNames.DuckJunction, JunctionSql.Count(c.Segment, sql), peer.Budget);
        }

        result.CheckAgainstFloor();
        result.AddStandardRatios();
        return result;
    }

    /// <summary>The server's memory once a case has warmed it: index, resident set, GC heap, per customer.</summary>
    private static void AddMemory(Stage stage, Section section)
    {
        if (stage.Http is { Engine: HttpSegmentEngine http, ProcessId: { } pid })
        {
            try
            {
                var sample = ServerMemory.Read(http, pid, stage.Metrics);
                section.Notes.Add("Server memory after the first case (index built and queried): " + sample.Describe() + ".");
                Log.Info("W1 server memory: " + sample.Describe());
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or KeyNotFoundException or System.Text.Json.JsonException)
            {
                section.Notes.Add("Server memory could not be read: " + e.Message);
            }
        }
    }

    private static MeasureBudget PeerBudget(Stage stage) =>
        stage.Data.Customers >= 5_000_000 ? MeasureBudget.LargePeer : MeasureBudget.Default;

    private static void AddPeer(CaseResult result, string workload, PostgresPeer peer, string name, string sql) =>
        AddPeer(result, workload, peer.Count, name, sql, peer.Budget);

    private static void AddPeer(CaseResult result, string workload, Func<string, long> count, string name, string sql, MeasureBudget budget)
    {
        result.PeerQueries[name] = sql;
        result.Add(workload, Figure.Time(name, SubjectKind.Peer, () => count(sql), budget));
    }
}
