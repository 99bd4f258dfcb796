using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.Tags;

namespace TagApi.Core.Rules;

/// <summary>
/// Binds what a rule does — its bands, or the one tag and condition of a single-tag rule — to tags and checked
/// queries: every band's tag exists, is live and belongs to no other rule, a band rule's tags share one exclusive
/// category, and the rule's conditions do not depend on its own tags through other rules. The tags it claims become
/// rule-owned; those it gives up become editable by hand again.
/// </summary>
public sealed class RuleBandBinder(TagApiDbContext db, TagLookup tags, SegmentQueries queries, RuleDependencies dependencies)
{
    /// <summary>Resolves and checks the bands (a single-tag rule is one band), claims their tags, refuses cycles.</summary>
    public async Task ApplyAsync(TaggingRule rule, RuleInput input, CancellationToken ct)
    {
        var isNew = rule.Id == 0;
        var single = input.Tag.IsSet || input.Condition.IsSet;
        var banded = input.Bands.IsSet;
        if (isNew && single == banded)
        {
            throw new ValidationFailedException("bands", "Give either 'tag' with 'condition' (a single-tag rule) or 'bands' (an exclusive category's tags, first match wins).");
        }

        if (single && banded)
        {
            throw new ValidationFailedException("bands", "Give either 'tag' with 'condition', or 'bands', not both.");
        }

        var previous = isNew ? [] : RuleBands.TagIds(rule);
        if (single || banded)
        {
            var wanted = banded ? input.Bands.Value ?? [] : [MergeSingle(rule, input)];
            var resolved = await ResolveBandsAsync(wanted, banded, ct);
            CheckBandTags(resolved, banded);
            await EnsureTagsFreeAsync(resolved.Select(b => b.Tag).ToList(), rule.Id, banded ? "bands" : "tag", ct);
            rule.Banded = banded;
            rule.Bands = RuleBands.Serialize(resolved.Select(b => new RuleBand(b.Tag.Id, b.When.Text)));
            await dependencies.EnsureNoCycleAsync(rule, banded ? "bands" : "condition", ct);
            foreach (var band in resolved)
            {
                band.Tag.RuleOwned = true;
            }

            await ReleaseTagsAsync(previous.Except(resolved.Select(b => b.Tag.Id)).ToList(), ct);
        }
    }

    // A PATCH may change only the tag or only the condition of a single-tag rule.
    private static RuleBandInput MergeSingle(TaggingRule rule, RuleInput input)
    {
        var current = rule.Id == 0 || rule.Banded || RuleBands.Of(rule) is not [var only, ..] ? null : only;
        var tag = input.Tag.IsSet ? input.Tag.Value : current is null ? null : PublicId.Encode(IdPrefixes.Tag, current.TagId);
        var condition = input.Condition.IsSet ? input.Condition.Value : current?.When;
        return new RuleBandInput(tag, condition);
    }

    private async Task<List<ResolvedBand>> ResolveBandsAsync(IReadOnlyList<RuleBandInput> bands, bool banded, CancellationToken ct)
    {
        if (banded && (bands.Count == 0 || bands.Count > RuleLimits.MaxBands))
        {
            throw new ValidationFailedException("bands", $"A band rule has 1–{RuleLimits.MaxBands} bands.");
        }

        var found = await tags.FindManyAsync(bands.Where(b => b.Tag is not null).Select(b => b.Tag!), ct);
        var resolved = new List<ResolvedBand>();
        for (var i = 0; i < bands.Count; i++)
        {
            var (tagField, whenField) = banded ? ($"bands[{i}].tag", $"bands[{i}].when") : ("tag", "condition");
            var band = bands[i];
            if (band.Tag is null)
            {
                throw new ValidationFailedException(tagField, "A tag is required.");
            }

            if (!found.TryGetValue(band.Tag, out var tag))
            {
                throw new NotFoundException("Tag", band.Tag);
            }

            if (tag.ArchivedAt is not null)
            {
                throw new ConflictException("tag_archived", $"Tag '{tag.Key}' is archived and cannot be assigned by a rule.");
            }

            if (string.IsNullOrWhiteSpace(band.When))
            {
                throw new ValidationFailedException(whenField, "A condition is required (use 'true' for a catch-all band).");
            }

            resolved.Add(new ResolvedBand(tag, await queries.CheckAsync(band.When, null, whenField, ct)));
        }

        return resolved;
    }

    private static void CheckBandTags(List<ResolvedBand> bands, bool banded)
    {
        if (!banded)
        {
            return;
        }

        var category = bands[0].Tag.Category!;
        if (!category.Exclusive || bands.Any(b => b.Tag.CategoryId != category.Id))
        {
            throw new ValidationFailedException("bands", "The tags of a band rule all belong to one exclusive category (such as 'value' or 'lifecycle').");
        }

        if (bands.Select(b => b.Tag.Id).Distinct().Count() != bands.Count)
        {
            throw new ValidationFailedException("bands", "Each tag appears in one band only.");
        }
    }

    private async Task EnsureTagsFreeAsync(IReadOnlyList<Tag> wanted, long ruleId, string field, CancellationToken ct)
    {
        var others = await db.Rules.AsNoTracking().Where(r => r.Id != ruleId).ToListAsync(ct);
        foreach (var other in others)
        {
            var taken = RuleBands.TagIds(other).Intersect(wanted.Select(t => t.Id)).ToList();
            if (taken.Count > 0)
            {
                var key = wanted.First(t => t.Id == taken[0]).Key;
                throw new ConflictException("tag_owned_by_rule", $"Tag '{key}' is already assigned by rule '{other.Key}'; a tag has one rule at most ({field}).");
            }
        }
    }

    /// <summary>Makes the tags editable by hand again (the rule that assigned them no longer does).</summary>
    public async Task ReleaseTagsAsync(IReadOnlyList<long> tagIds, CancellationToken ct)
    {
        if (tagIds.Count == 0)
        {
            return;
        }

        foreach (var tag in await db.Tags.Where(t => tagIds.Contains(t.Id)).ToListAsync(ct))
        {
            tag.RuleOwned = false;
        }
    }
}
