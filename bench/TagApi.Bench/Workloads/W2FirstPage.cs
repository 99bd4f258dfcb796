using System.Diagnostics;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Peers;
using TagApi.Bench.Queries;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>W2: the first page of 50 members for a dense and a very selective segment, and keyset paging on to page 1,000.</summary>
public static class W2FirstPage
{
    public const string Target = "p99 ≤ 1.5 ms both shapes; ≥ 10× PostgreSQL on the selective shape, never slower on the dense one.";
    private const int PageSize = 50;
    private const int MaxPages = 1_000;

    /// <summary>Fetches one page given the previous page's continuation (null first); returns the ids and the next continuation.</summary>
    private delegate (IReadOnlyList<long> Ids, object? Next) PageStep(object? previous);

    public static Section Run(Stage stage)
    {
        var section = new Section("W2", $"First page of members and keyset paging ({stage.Data.Customers:N0} customers, PostgreSQL)", Target);
        section.Notes.Add($"Pages of {PageSize} in ascending customer id. \"walk\" fetches page after page (each one continuing from the last) up to page {MaxPages:N0} or the end; its median and p99 are per page, over every page of the walk.");
        section.Notes.Add("Peers' page queries are prepared statements, planned for each execution's values (`plan_cache_mode = force_custom_plan`); the floor scans its fused word function from the cursor and stops at 50 members.");
        using var peer = new PostgresPeer(stage.Source);
        var duck = DuckDbPeerOfStage.Get(stage, section, "pages the same members: its list table (each customer's tags as an INTEGER[]) and its junction table, each page one prepared `SELECT id … WHERE id > ? ORDER BY id LIMIT ?` over the members' query.");
        foreach (var c in new[] { Cases.W2Dense, Cases.W2Selective })
        {
            var text = TagApiText.Render(c.Segment);
            var plan = stage.Plan(c.Segment);
            var count = plan.Count();
            var ginSql = GinSql.Page(c.Segment, stage.Sql);
            var existsSql = ExistsSql.Page(c.Segment, stage.Sql);
            var gin = peer.PreparePage(ginSql);
            var exists = peer.PreparePage(existsSql);
            var duckSql = stage.Sql with { Dialect = SqlDialect.DuckDb };
            var duckList = duck?.PreparePage(DuckListSql.Members(c.Segment, duckSql));
            var duckJunction = duck?.PreparePage(JunctionSql.Members(c.Segment, duckSql));

            var first = plan.Page(0, PageSize);
            var firstPage = new CaseResult($"{c.Name}, first page", $"{c.Description}; {count:N0} members")
            {
                TagApiQuery = text,
                Expected = first.Count,
                ExpectedChecksum = first.Sum(),
            };
            foreach (var slot in stage.Engines)
            {
                firstPage.Add("W2", slot.Engine is { } engine
                    ? TimeIds(slot.Name, SubjectKind.TagApi, () => engine.Page(text, null, PageSize).CustomerIds)
                    : Figure.Missing(slot.Name, SubjectKind.TagApi, slot.Reason!));
            }

            firstPage.Add("W2", TimeIds(PeerNames.Floor, SubjectKind.Floor, () => plan.Page(0, PageSize)));
            firstPage.Add("W2", TimeIds(PeerNames.GinPage, SubjectKind.Peer, () => gin(0, PageSize)));
            firstPage.Add("W2", TimeIds(PeerNames.ExistsPage, SubjectKind.Peer, () => exists(0, PageSize)));
            if (duckList is not null && duckJunction is not null)
            {
                firstPage.Add("W2", TimeIds(PeerNames.DuckListPage, SubjectKind.Peer, () => duckList(0, PageSize)));
                firstPage.Add("W2", TimeIds(PeerNames.DuckJunctionPage, SubjectKind.Peer, () => duckJunction(0, PageSize)));
            }

            Finish(firstPage, ginSql, existsSql);
            section.Cases.Add(firstPage);

            var pages = (int)Math.Min(MaxPages, (count + PageSize - 1) / PageSize);
            var floorWalk = Walk(PeerNames.Floor, SubjectKind.Floor, pages, Keyset((after, n) => plan.Page(after, n)));
            var walk = new CaseResult($"{c.Name}, walk to page {pages:N0}", $"keyset paging through {Math.Min(count, pages * (long)PageSize):N0} members")
            {
                TagApiQuery = text,
                Expected = floorWalk.Result,
                ExpectedChecksum = floorWalk.Checksum,
            };
            foreach (var slot in stage.Engines)
            {
                walk.Add("W2", slot.Engine is { } engine
                    ? Walk(slot.Name, SubjectKind.TagApi, pages, previous =>
                    {
                        var page = engine.Page(text, (string?)previous, PageSize);
                        return (page.CustomerIds, page.NextCursor);
                    })
                    : Figure.Missing(slot.Name, SubjectKind.TagApi, slot.Reason!));
            }

            walk.Add("W2", floorWalk);
            walk.Add("W2", Walk(PeerNames.GinPage, SubjectKind.Peer, pages, Keyset(gin)));
            walk.Add("W2", Walk(PeerNames.ExistsPage, SubjectKind.Peer, pages, Keyset(exists)));
            if (duckList is not null && duckJunction is not null)
            {
                walk.Add("W2", Walk(PeerNames.DuckListPage, SubjectKind.Peer, pages, Keyset(duckList)));
                walk.Add("W2", Walk(PeerNames.DuckJunctionPage, SubjectKind.Peer, pages, Keyset(duckJunction)));
            }

            Finish(walk, ginSql, existsSql);
            section.Cases.Add(walk);
        }

        return section;
    }

    private static void Finish(CaseResult result, string ginSql, string existsSql)
    {
        result.PeerQueries[PeerNames.GinPage] = ginSql;
        result.PeerQueries[PeerNames.ExistsPage] = existsSql;
        result.CheckAgainstFloor();
        result.AddStandardRatios();
    }

    /// <summary>Keyset continuation: the next page starts after the last id of this one.</summary>
    private static PageStep Keyset(Func<long, int, List<long>> page) => previous =>
    {
        var ids = page(previous is long after ? after : 0, PageSize);
        return (ids, ids.Count == PageSize ? ids[^1] : null);
    };

    private static Figure TimeIds(string subject, SubjectKind kind, Func<IReadOnlyList<long>> action)
    {
        try
        {
            var measured = Measure.Run(action, MeasureBudget.Default);
            return new Figure(subject, kind) { Timing = measured.Timing, Result = measured.Result.Count, Checksum = measured.Result.Sum() };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Figure.Missing(subject, kind, Figure.Reason(e));
        }
    }

    private static Figure Walk(string subject, SubjectKind kind, int pages, PageStep step)
    {
        try
        {
            // Warm up on the first few pages, then time every page of one full walk.
            object? state = null;
            for (var i = 0; i < Math.Min(10, pages) && (i == 0 || state is not null); i++)
            {
                state = step(state).Next;
            }

            state = null;
            var samples = new List<double>(pages);
            long rows = 0, sum = 0;
            var total = Stopwatch.StartNew();
            for (var p = 0; p < pages; p++)
            {
                var start = Stopwatch.GetTimestamp();
                var (ids, next) = step(state);
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                rows += ids.Count;
                sum += ids.Sum();
                if (next is null || ids.Count == 0)
                {
                    break;
                }

                state = next;
            }

            return new Figure(subject, kind)
            {
                Timing = new Timing(samples),
                Result = rows,
                Checksum = sum,
                Note = $"{samples.Count:N0} page{(samples.Count == 1 ? "" : "s")}, {Timing.Format(total.Elapsed.TotalMicroseconds)} in all",
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Figure.Missing(subject, kind, Figure.Reason(e));
        }
    }
}
