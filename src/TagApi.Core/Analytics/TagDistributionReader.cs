using Microsoft.EntityFrameworkCore;
using TagApi.Core.Analytics.Counts;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Index;
using TagApi.Core.TagCategories;

namespace TagApi.Core.Analytics;

/// <summary>
/// How a tenant's tags are spread: holders and the rule/hand split from the index's bitmaps, category coverage
/// as the union of a category's bitmaps, and the last 30 days' adds and removes from the per-day and per-hour counts
/// kept with the ledger (a few rows per tag, never the ledger's lines of the whole window).
/// </summary>
public sealed class TagDistributionReader(TagApiDbContext db, AnalyticsSnapshot index, TagCategoryService categories, TagChangeCountReader counts, TimeProvider clock)
{
    /// <summary>The window of <see cref="TagDistributionRow.Added30d"/> and <see cref="TagDistributionRow.Removed30d"/>.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(30);

    public async Task<TagDistribution> ReadAsync(string? categoryRef, CancellationToken ct)
    {
        var category = string.IsNullOrWhiteSpace(categoryRef) ? null
            : await categories.FindAsync(categoryRef, ct) ?? throw new ValidationFailedException("category", $"Tag category '{categoryRef}' does not exist.");
        var tagQuery = db.Tags.AsNoTracking().Include(t => t.Category).AsQueryable();
        var categoryQuery = db.TagCategories.AsNoTracking();
        if (category is not null)
        {
            tagQuery = tagQuery.Where(t => t.CategoryId == category.Id);
            categoryQuery = categoryQuery.Where(c => c.Id == category.Id);
        }

        var tags = await tagQuery.OrderBy(t => t.Key).ToListAsync(ct);
        var allCategories = await categoryQuery.OrderBy(c => c.SortOrder).ThenBy(c => c.Key).ToListAsync(ct);
        var now = clock.UtcNow();
        var recent = await counts.SinceAsync(tags.Select(t => t.Id).ToList(), now - RecentWindow, ct);
        var snapshot = await index.CurrentAsync(ct);

        var total = snapshot.CustomerCount;
        long HoldersOf(long tagId) => snapshot.TagMembers.TryGetValue(tagId, out var m) ? m.Cardinality : 0;
        var rows = tags.Select(t =>
        {
            var holders = HoldersOf(t.Id);
            var byRule = snapshot.RuleTagMembers.TryGetValue(t.Id, out var r) ? r.Cardinality : 0;
            return new TagDistributionRow(
                t, holders, total == 0 ? 0 : (double)holders / total, byRule, holders - byRule,
                recent.GetValueOrDefault(t.Id).Added, recent.GetValueOrDefault(t.Id).Removed);
        }).ToList();

        var coverage = allCategories.Select(c =>
        {
            var own = tags.Where(t => t.CategoryId == c.Id).ToList();
            var union = new RoaringBitmap();
            foreach (var tag in own)
            {
                if (snapshot.TagMembers.TryGetValue(tag.Id, out var members))
                {
                    union.OrWith(members);
                }
            }

            var covered = union.Cardinality;
            return new CategoryCoverage(c, covered, total - covered, c.Exclusive ? own.Select(t => (t, HoldersOf(t.Id))).ToList() : null);
        }).ToList();
        return new TagDistribution(total, rows, coverage, now);
    }
}
