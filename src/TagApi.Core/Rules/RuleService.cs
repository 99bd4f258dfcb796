using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.Tags;

namespace TagApi.Core.Rules;

/// <summary>
/// Creates, reads, changes and deletes tagging rules. A rule's tags become rule-owned (locked
/// against manual edits) while the rule exists; every change to what a rule does is a new
/// version, kept in <see cref="RuleVersion"/>; a created or changed rule is due for a full run at once.
/// </summary>
public sealed class RuleService(
    TagApiDbContext db, TagLookup tags, SegmentQueries queries, RuleDependencies dependencies, Preconditions preconditions, TimeProvider clock)
{
    public async Task<Page<TaggingRule>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var rows = await db.Rules.AsNoTracking()
            .Where(r => page.AfterId == null || r.Id > page.AfterId)
            .OrderBy(r => r.Id).Take(page.Limit + 1).ToListAsync(ct);
        return Page<TaggingRule>.FromOverfetch(rows, page.Limit);
    }

    public async Task<TaggingRule> GetAsync(string idOrKey, CancellationToken ct) =>
        await FindAsync(idOrKey, ct) ?? throw new NotFoundException("Rule", idOrKey);

    public async Task<TaggingRule?> FindAsync(string idOrKey, CancellationToken ct)
    {
        if (PublicId.LooksLike(IdPrefixes.Rule, idOrKey))
        {
            return PublicId.TryDecode(IdPrefixes.Rule, idOrKey, out var id) ? await db.Rules.FirstOrDefaultAsync(r => r.Id == id, ct) : null;
        }

        var key = idOrKey.ToLowerInvariant();
        return await db.Rules.FirstOrDefaultAsync(r => r.Key == key, ct);
    }

    /// <summary>Keys of the tags the given rules assign, for responses.</summary>
    public async Task<Dictionary<long, Tag>> TagsOfAsync(IEnumerable<TaggingRule> rules, CancellationToken ct)
    {
        var ids = rules.SelectMany(RuleBands.TagIds).Distinct().ToList();
        return await db.Tags.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
    }

    public async Task<TaggingRule> CreateAsync(RuleInput input, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        InputRules.CheckKey(errors, "key", input.Key.Or(null!));
        InputRules.CheckText(errors, "name", input.Name.Or(null!), InputRules.NameMaxLength, required: true);
        CheckCommon(errors, input);
        errors.ThrowIfAny();
        if (await db.Rules.AnyAsync(r => r.Key == input.Key.Value, ct))
        {
            throw new ConflictException("conflict", $"A rule with key '{input.Key.Value}' already exists.");
        }

        if (await db.Rules.CountAsync(ct) >= RuleLimits.MaxRulesPerTenant)
        {
            throw new ConflictException("limit_reached", $"A tenant has at most {RuleLimits.MaxRulesPerTenant} rules.");
        }

        var now = clock.UtcNow();
        var rule = new TaggingRule { Key = input.Key.Value, Name = input.Name.Value, CreatedAt = now, UpdatedAt = now };
        await ApplyDefinitionAsync(rule, input, ct);
        ApplySettings(rule, input);
        rule.NextEvaluationAt = rule.Enabled ? now : null;
        db.Rules.Add(rule);
        await AddVersionAsync(rule, ct);
        await db.SaveChangesAsync(ct);
        return rule;
    }

    public async Task<TaggingRule> UpdateAsync(string idOrKey, RuleInput input, CancellationToken ct)
    {
        var rule = await GetAsync(idOrKey, ct);
        preconditions.Check(rule, IdPrefixes.Rule, rule.Id, rule.Revision, "Rule", idOrKey);
        var errors = new ValidationErrors();
        if (input.Name.IsSet)
        {
            InputRules.CheckText(errors, "name", input.Name.Value, InputRules.NameMaxLength, required: true);
        }

        if (input.Key.IsSet && input.Key.Value != rule.Key)
        {
            errors.Add("key", "A rule's key cannot change, because history and runs refer to it.");
        }

        CheckCommon(errors, input);
        errors.ThrowIfAny();
        var wasEnabled = rule.Enabled;
        if (input.ChangesDefinition)
        {
            await ApplyDefinitionAsync(rule, input, ct);
            rule.Version++;
        }

        rule.Name = input.Name.Or(rule.Name);
        ApplySettings(rule, input);
        var now = clock.UtcNow();
        rule.UpdatedAt = now;
        if (rule.Enabled && (input.ChangesDefinition || !wasEnabled))
        {
            rule.NextEvaluationAt = now;
        }
        else if (!rule.Enabled)
        {
            rule.NextEvaluationAt = null;
        }

        if (input.ChangesDefinition)
        {
            await AddVersionAsync(rule, ct);
        }

        await db.SaveChangesAsync(ct);
        return rule;
    }

    /// <summary>Deletes a rule; its tags stay with the customers holding them and become editable by hand again.</summary>
    public async Task DeleteAsync(string idOrKey, CancellationToken ct)
    {
        var rule = await GetAsync(idOrKey, ct);
        preconditions.Check(rule, IdPrefixes.Rule, rule.Id, rule.Revision, "Rule", idOrKey);
        await ReleaseTagsAsync(RuleBands.TagIds(rule), ct);
        db.Rules.Remove(rule);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<RuleVersion>> VersionsAsync(string idOrKey, CancellationToken ct)
    {
        var rule = await GetAsync(idOrKey, ct);
        return await db.RuleVersions.AsNoTracking().Where(v => v.RuleId == rule.Id).OrderByDescending(v => v.Version).ToListAsync(ct);
    }

    public async Task<Page<RuleRun>> RunsAsync(string idOrKey, PageRequest page, CancellationToken ct)
    {
        var rule = await GetAsync(idOrKey, ct);
        var rows = await db.RuleRuns.AsNoTracking()
            .Where(r => r.RuleId == rule.Id && (page.AfterId == null || r.Id < page.AfterId))
            .OrderByDescending(r => r.Id).Take(page.Limit + 1).ToListAsync(ct);
        return Page<RuleRun>.FromOverfetch(rows, page.Limit);
    }

    private static void CheckCommon(ValidationErrors errors, RuleInput input)
    {
        if (input.Description.IsSet)
        {
            InputRules.CheckText(errors, "description", input.Description.Value, InputRules.DescriptionMaxLength);
        }

        if (input.Schedule is { IsSet: true, Value.IntervalMinutes: { } minutes } && minutes is < RuleLimits.MinIntervalMinutes or > RuleLimits.MaxIntervalMinutes)
        {
            errors.Add("schedule.intervalMinutes", $"The interval is {RuleLimits.MinIntervalMinutes}–{RuleLimits.MaxIntervalMinutes} minutes.");
        }
    }

    private static void ApplySettings(TaggingRule rule, RuleInput input)
    {
        rule.Description = input.Description.Or(rule.Description);
        rule.Enabled = input.Enabled.Or(rule.Enabled);
        rule.Priority = input.Priority.Or(rule.Priority);
        rule.RemoveWhenUnmatched = input.RemoveWhenUnmatched.Or(rule.RemoveWhenUnmatched);
        if (input.Schedule.IsSet)
        {
            rule.IntervalMinutes = input.Schedule.Value?.IntervalMinutes ?? RuleLimits.DefaultIntervalMinutes;
        }
    }

    // Resolves and checks the bands (a single-tag rule is one band), claims their tags, refuses cycles.
    private async Task ApplyDefinitionAsync(TaggingRule rule, RuleInput input, CancellationToken ct)
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

    private async Task ReleaseTagsAsync(IReadOnlyList<long> tagIds, CancellationToken ct)
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

    // Staged with the rule itself, so a rule and its version history commit together.
    private async Task AddVersionAsync(TaggingRule rule, CancellationToken ct)
    {
        var tagKeys = (await TagsOfAsync([rule], ct)).ToDictionary(t => t.Key, t => t.Value.Key);
        db.RuleVersions.Add(new RuleVersion
        {
            Rule = rule, Version = rule.Version, Definition = RuleBands.VersionDefinition(rule, tagKeys), CreatedAt = rule.UpdatedAt,
        });
    }
}
