using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Data;
using TagApi.Core.Tags;

namespace TagApi.Core.Rules;

/// <summary>
/// Creates, reads, changes and deletes tagging rules. A rule's tags become rule-owned (locked
/// against manual edits) while the rule exists; every change to what a rule does is a new
/// version, kept in <see cref="RuleVersion"/>; a created or changed rule is due for a full run at once.
/// </summary>
public sealed class RuleService(TagApiDbContext db, RuleBandBinder bands, Preconditions preconditions, TimeProvider clock)
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
        await bands.ApplyAsync(rule, input, ct);
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
            await bands.ApplyAsync(rule, input, ct);
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
        await bands.ReleaseTagsAsync(RuleBands.TagIds(rule), ct);
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
