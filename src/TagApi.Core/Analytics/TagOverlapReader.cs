using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;
using TagApi.Core.Tags;

namespace TagApi.Core.Analytics;

/// <summary>
/// The exact N×N overlap of tags (their bitmaps) or saved segments (their queries evaluated on one snapshot):
/// the cells are intersection counts taken chunk by chunk over all the sets at once, without building an intersection
/// (see <see cref="RoaringBitmap.PairwiseAndCardinality"/>).
/// </summary>
public sealed class TagOverlapReader(TagApiDbContext db, AnalyticsSnapshot index, TagLookup tags, SegmentQueries queries, TimeProvider clock)
{
    /// <summary>The most tags or segments one matrix may name.</summary>
    public const int MaxItems = 50;

    public async Task<OverlapMatrix> TagsAsync(IReadOnlyList<string> references, CancellationToken ct)
    {
        var list = Checked(references, "tags");
        var found = await tags.FindManyAsync(list, ct);
        if (list.FirstOrDefault(r => !found.ContainsKey(r)) is { } missing)
        {
            throw new AnalyticsInputException(AnalyticsErrorCodes.UnknownTag, "tags", $"Tag '{missing}' does not exist.");
        }

        var snapshot = await index.CurrentAsync(ct);
        var sets = list.Select(r => snapshot.TagMembers.GetValueOrDefault(found[r].Id) ?? new RoaringBitmap()).ToList();
        return Matrix(list.Select(r => found[r].Key).ToList(), sets, snapshot.CustomerCount);
    }

    public async Task<OverlapMatrix> SegmentsAsync(IReadOnlyList<string> references, CancellationToken ct)
    {
        var list = Checked(references, "segments");
        var segments = new List<Segment>();
        foreach (var reference in list)
        {
            segments.Add(await FindSegmentAsync(reference, ct)
                ?? throw new AnalyticsInputException(AnalyticsErrorCodes.UnknownSegment, "segments", $"Segment '{reference}' does not exist."));
        }

        var checkedQueries = new List<CheckedQuery>();
        foreach (var segment in segments)
        {
            // The same check a count goes through: a segment reading personal data needs customers:pii here too.
            checkedQueries.Add(await queries.CheckAsync(segment.Query, null, "segments", ct));
        }

        var saved = await SegmentCatalog.SavedQueriesAsync(db, ct);
        var snapshot = await index.CurrentAsync(ct);
        var now = clock.UtcNow();
        var sets = checkedQueries
            .Select(q => snapshot.Evaluator.Materialize(new QueryCompiler(snapshot, key => saved.GetValueOrDefault(key), now).Compile(q.Root)))
            .ToList();
        return Matrix(segments.Select(s => s.Key).ToList(), sets, snapshot.CustomerCount);
    }

    private static List<string> Checked(IReadOnlyList<string> references, string field)
    {
        var list = references.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return list.Count switch
        {
            0 => throw new ValidationFailedException(field, "Name at least one, separated by commas."),
            > MaxItems => throw new AnalyticsInputException(AnalyticsErrorCodes.TooManyItems, field, $"At most {MaxItems} can be compared at once; {list.Count} were given."),
            _ => list,
        };
    }

    private async Task<Segment?> FindSegmentAsync(string reference, CancellationToken ct)
    {
        if (PublicId.LooksLike(IdPrefixes.Segment, reference))
        {
            return PublicId.TryDecode(IdPrefixes.Segment, reference, out var id) ? await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) : null;
        }

        var key = reference.ToLowerInvariant();
        return await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct);
    }

    private OverlapMatrix Matrix(List<string> keys, List<RoaringBitmap> sets, long total)
    {
        var n = sets.Count;
        var counts = RoaringBitmap.PairwiseAndCardinality(sets);
        var jaccard = new double[n][];
        var lift = new double[n][];
        for (var i = 0; i < n; i++)
        {
            (jaccard[i], lift[i]) = (new double[n], new double[n]);
            for (var j = 0; j < n; j++)
            {
                var (both, a, b) = (counts[i][j], sets[i].Cardinality, sets[j].Cardinality);
                var union = a + b - both;
                jaccard[i][j] = union == 0 ? 0 : (double)both / union;
                lift[i][j] = a == 0 || b == 0 ? 0 : (double)both * total / ((double)a * b);
            }
        }

        return new OverlapMatrix(keys, total, counts, jaccard, lift, clock.UtcNow());
    }
}
