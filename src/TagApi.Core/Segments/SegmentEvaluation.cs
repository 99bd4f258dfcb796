using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments;

/// <summary>Members of a query: customer ids in id order, whether more follow, and when the answer was computed.</summary>
public sealed record SegmentPage(IReadOnlyList<long> CustomerIds, bool HasMore, long Count, DateTime ComputedAt);

/// <summary>
/// Answers queries from the tenant's in-memory index: exact counts, keyset pages and full
/// streams of members, always against one consistent snapshot.
/// </summary>
public sealed class SegmentEvaluation(TagApiDbContext db, SegmentEngine engine, SegmentService segments, SegmentQueries queries, TimeProvider clock)
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
        var (snapshot, expression, now) = await CompileAsync(query, ct);
        return (snapshot.Evaluator.Count(expression), now);
    }

    /// <summary>Members after <paramref name="afterCustomerId"/>; the count is included when asked for.</summary>
    public async Task<SegmentPage> PageAsync(CheckedQuery query, long? afterCustomerId, int limit, bool withCount, CancellationToken ct)
    {
        var (snapshot, expression, now) = await CompileAsync(query, ct);
        var compiled = snapshot.Evaluator.Compile(expression);
        var after = afterCustomerId is { } id ? snapshot.OrdinalAfter(id) - 1 : -1;
        var ordinals = compiled.FirstPage(after, limit + 1);
        var ids = ordinals.Take(limit).Select(snapshot.CustomerIdAt).ToList();
        return new SegmentPage(ids, ordinals.Length > limit, withCount ? compiled.Count() : -1, now);
    }

    /// <summary>Streams every member's id in batches, in id order, with constant memory.</summary>
    public async Task ExportAsync(CheckedQuery query, Func<IReadOnlyList<long>, Task> batch, CancellationToken ct)
    {
        var (snapshot, expression, _) = await CompileAsync(query, ct);
        var buffer = new List<long>(ExportBatch);
        foreach (var ordinal in snapshot.Evaluator.Enumerate(expression))
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

    private async Task<(IndexSnapshot Snapshot, BitmapExpression Expression, DateTime Now)> CompileAsync(CheckedQuery query, CancellationToken ct)
    {
        var index = await engine.IndexAsync(db.Tenant.RequiredTenantId, ct);
        var saved = QueryReferences.Of(query.Root).SegmentKeys.Count == 0 ? [] : await SavedQueriesAsync(ct);
        var snapshot = index.Current;
        var now = clock.UtcNow();
        var compiler = new QueryCompiler(snapshot, key => saved.GetValueOrDefault(key), now);
        return (snapshot, compiler.Compile(query.Root), now);
    }

    private async Task<Dictionary<string, QueryNode>> SavedQueriesAsync(CancellationToken ct)
    {
        var rows = await db.Segments.AsNoTracking().Select(s => new { s.Key, s.Query }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => SegmentQueryParser.Parse(r.Query), StringComparer.Ordinal);
    }
}
