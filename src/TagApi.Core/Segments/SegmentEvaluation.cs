using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;
using TagApi.Core.Segments.SqlCounts;

namespace TagApi.Core.Segments;

/// <summary>Members of a query: customer ids in id order, whether more follow, and when the answer was computed.</summary>
/// <param name="CustomerIds">The members, in order.</param>
/// <param name="HasMore">Whether members follow.</param>
/// <param name="Count">All members (-1 when not asked for).</param>
/// <param name="ComputedAt">When it was evaluated.</param>
/// <param name="Versions">Each member's version as the index holds it, in the same order.</param>
/// <param name="Catalog">
/// The tag catalog (keys) of the snapshot the page came from, replaced whole when a tag key changes; null for a count
/// answered by SQL, which lists no members.
/// </param>
public sealed record SegmentPage(
    IReadOnlyList<long> CustomerIds, bool HasMore, long Count, DateTime ComputedAt, IReadOnlyList<long> Versions, TagCatalog? Catalog);

/// <summary>
/// Answers queries from the tenant's in-memory index: exact counts, keyset pages and full
/// streams of members, always against one consistent snapshot. With <see cref="SegmentEngineKind.Sql"/>
/// counts come from SQL on the database instead.
/// </summary>
public sealed class SegmentEvaluation(
    TagApiDbContext db, SegmentEngine engine, SegmentService segments, SegmentQueries queries, TimeProvider clock, SegmentEngineSettings settings, SqlSegmentCounter sql)
{
    private const int ExportBatch = 1000;

    /// <summary>The checked query of a saved segment.</summary>
    public async Task<CheckedQuery> SavedQueryAsync(string idOrKey, CancellationToken ct)
    {
        var segment = await segments.GetAsync(idOrKey, ct);
        return await queries.CheckAsync(segment.Query, null, "query", ct);
    }

    public async Task<(long Count, DateTime ComputedAt)> CountAsync(CheckedQuery query, CancellationToken ct)
    {
        if (settings.Engine == SegmentEngineKind.Sql)
        {
            return (await sql.CountAsync(query, ct), clock.UtcNow());
        }

        var (_, plan, now) = await CompileAsync(query, ct);
        return (plan.Count(), now);
    }

    /// <summary>Members after <paramref name="afterCustomerId"/>; the count is included when asked for.</summary>
    public Task<SegmentPage> PageAsync(CheckedQuery query, long? afterCustomerId, int limit, bool withCount, CancellationToken ct) =>
        PageAsync(query, new PageRequest(limit, afterCustomerId), withCount, ct);

    /// <summary>
    /// Members within the page's bounds: the first ones, or with <see cref="PageRequest.FromEnd"/>
    /// the last ones, in id order; <see cref="SegmentPage.HasMore"/> looks in the direction of travel.
    /// </summary>
    public async Task<SegmentPage> PageAsync(CheckedQuery query, PageRequest page, bool withCount, CancellationToken ct)
    {
        if (settings.Engine == SegmentEngineKind.Sql && page is { Limit: 0, AfterId: null, BeforeId: null } && withCount)
        {
            var count = await sql.CountAsync(query, ct);
            return new SegmentPage([], count > 0, count, clock.UtcNow(), [], null);
        }

        var (snapshot, compiled, now) = await CompileAsync(query, ct);
        var after = page.AfterId is { } a ? snapshot.OrdinalAfter(a) - 1 : -1;
        var before = page.BeforeId is { } b ? snapshot.OrdinalAfter(b - 1) : int.MaxValue;
        var ordinals = page.FromEnd ? compiled.LastPage(before, page.Limit + 1).Where(o => o > after).ToArray() : compiled.FirstPage(after, page.Limit + 1).Where(o => o < before).ToArray();
        var kept = (page.FromEnd ? ordinals.Skip(Math.Max(0, ordinals.Length - page.Limit)) : ordinals.Take(page.Limit)).ToArray();
        var ids = kept.Select(snapshot.CustomerIdAt).ToList();
        var versions = kept.Select(o => snapshot.Rows[o]?.Version ?? -1).ToList();
        return new SegmentPage(ids, ordinals.Length > page.Limit, withCount ? compiled.Count() : -1, now, versions, snapshot.Catalog);
    }

    /// <summary>Streams every member's id in batches, in id order, with constant memory.</summary>
    public async Task ExportAsync(CheckedQuery query, Func<IReadOnlyList<long>, Task> batch, CancellationToken ct)
    {
        var (snapshot, plan, _) = await CompileAsync(query, ct);
        var buffer = new List<long>(ExportBatch);
        foreach (var ordinal in plan.Enumerate())
        {
            buffer.Add(snapshot.CustomerIdAt(ordinal));
            if (buffer.Count == ExportBatch)
            {
                ct.ThrowIfCancellationRequested();
                await batch(buffer);
                buffer.Clear();
            }
        }

        if (buffer.Count > 0)
        {
            await batch(buffer);
        }
    }

    private async Task<(IndexSnapshot Snapshot, BitmapQuery Plan, DateTime Now)> CompileAsync(CheckedQuery query, CancellationToken ct)
    {
        var index = await engine.IndexAsync(db.Tenant.RequiredTenantId, ct);
        var saved = QueryReferences.Of(query.Root).SegmentKeys.Count == 0 ? [] : await SegmentCatalog.SavedQueriesAsync(db, ct);
        var snapshot = index.Current;
        var now = clock.UtcNow();
        var plan = snapshot.Plans.GetOrCompile(
            query.Root,
            root => snapshot.Evaluator.Compile(new QueryCompiler(snapshot, key => saved.GetValueOrDefault(key), now).Compile(root)),
            () => new ValueStamp(snapshot.Value.Get(snapshot, now), now));
        return (snapshot, plan, now);
    }
}
