using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;
using TagApi.Core.TagCategories;

namespace TagApi.Core.Tags;

/// <summary>Creates, reads, changes and deletes tags, keeping keys unique and the hierarchy sound.</summary>
public sealed class TagService(
    TagApiDbContext db, TagLookup lookup, TagCategoryService categories, TagChangeWriter writer, Preconditions preconditions, TimeProvider clock)
{
    public Task<Tag> GetAsync(string idOrKey, CancellationToken ct) => lookup.GetAsync(idOrKey, ct);

    public async Task<Page<Tag>> ListAsync(TagListFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.Tags.AsNoTracking().Include(t => t.Category).AsQueryable();
        if (filter.Category is not null)
        {
            var category = await categories.GetAsync(filter.Category, ct);
            query = query.Where(t => t.CategoryId == category.Id);
        }

        if (filter.Parent is not null)
        {
            var parent = await lookup.GetAsync(filter.Parent, ct);
            query = query.Where(t => t.ParentId == parent.Id);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim().ToLowerInvariant();
            query = query.Where(t => t.Key.Contains(search) || t.Name.ToLower().Contains(search));
        }

        if (!filter.IncludeArchived)
        {
            query = query.Where(t => t.ArchivedAt == null);
        }

        return await query.ToPageAsync(page, t => t.Id, ct);
    }

    /// <summary>How many customers hold each of the given tags.</summary>
    public async Task<Dictionary<long, int>> CountCustomersAsync(IReadOnlyCollection<long> tagIds, CancellationToken ct)
    {
        var counts = await db.TagAssignments.Where(a => tagIds.Contains(a.TagId))
            .GroupBy(a => a.TagId)
            .Select(g => new { TagId = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return counts.ToDictionary(c => c.TagId, c => c.Count);
    }

    public async Task<Tag> CreateAsync(TagInput input, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        InputRules.CheckKey(errors, "key", input.Key.Or(null!));
        InputRules.CheckText(errors, "name", input.Name.Or(null!), InputRules.NameMaxLength, required: true);
        InputRules.CheckLabel(errors, input.Description, input.Color);
        errors.ThrowIfAny();

        await EnsureKeyFreeAsync(input.Key.Value, ct);
        var now = clock.UtcNow();
        var category = await categories.FindAsync(input.Category.Or(DefaultTagCategories.FallbackKey), ct)
            ?? throw new ValidationFailedException("category", $"Tag category '{input.Category.Value}' does not exist.");
        var tag = new Tag { Key = input.Key.Value, Name = input.Name.Value, CategoryId = category.Id, Category = category, CreatedAt = now };
        if (input.Parent is { IsSet: true, Value: { } parentRef })
        {
            var parent = await FindParentAsync(parentRef, ct);
            (await TagHierarchy.LoadAsync(db, ct)).EnsureCanAttach(null, parent.Id, "parent");
            tag.ParentId = parent.Id;
        }

        ApplyCommonFields(tag, input, now);
        db.Tags.Add(tag);
        await db.SaveChangesAsync(ct);
        return tag;
    }

    public async Task<Tag> UpdateAsync(string idOrKey, TagInput input, CancellationToken ct)
    {
        var tag = await lookup.GetAsync(idOrKey, ct);
        preconditions.Check(tag, IdPrefixes.Tag, tag.Id, tag.Revision, "Tag", idOrKey);
        var errors = new ValidationErrors();
        if (input.Key.IsSet)
        {
            InputRules.CheckKey(errors, "key", input.Key.Value);
        }

        if (input.Name.IsSet)
        {
            InputRules.CheckText(errors, "name", input.Name.Value, InputRules.NameMaxLength, required: true);
        }

        InputRules.CheckLabel(errors, input.Description, input.Color);
        errors.ThrowIfAny();

        if (input.Key.IsSet && input.Key.Value != tag.Key)
        {
            await EnsureKeyFreeAsync(input.Key.Value, ct);
            tag.Key = input.Key.Value;
        }

        if (input.Category.IsSet)
        {
            await MoveToCategoryAsync(tag, input.Category.Value, ct);
        }

        if (input.Parent.IsSet)
        {
            await MoveUnderAsync(tag, input.Parent.Value, ct);
        }

        tag.Name = input.Name.Or(tag.Name);
        ApplyCommonFields(tag, input, clock.UtcNow());
        await db.SaveChangesAsync(ct);
        return tag;
    }

    /// <summary>Deletes a tag; its assignments are removed with a history line each.</summary>
    public Task DeleteAsync(string idOrKey, CancellationToken ct) =>
        db.RunAsync(async () =>
        {
            var tag = await lookup.GetAsync(idOrKey, ct);
            preconditions.Check(tag, IdPrefixes.Tag, tag.Id, tag.Revision, "Tag", idOrKey);
            if (tag.RuleOwned)
            {
                throw new ConflictException("rule_owned", $"Tag '{tag.Key}' is assigned by a rule; delete or change the rule first.");
            }

            if (await db.Tags.AnyAsync(t => t.ParentId == tag.Id, ct))
            {
                throw new ConflictException("tag_has_children", $"Tag '{tag.Key}' has child tags; move or delete them first.");
            }

            // Every holder loses the tag (with its history line and event) in the transaction that deletes it.
            await using var transaction = await OwnTransaction.BeginAsync(db, ct);
            var holders = await db.TagAssignments.Where(a => a.TagId == tag.Id).Select(a => a.CustomerId).ToListAsync(ct);
            var origin = TagChangeOrigin.Manual(db.Tenant.ClientId, $"tag '{tag.Key}' deleted");
            await writer.ApplyToHoldersAsync(holders, c => [TagChangeRequest.Remove(c, tag)], origin, ct);
            db.Tags.Remove(tag);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        });

    private static void ApplyCommonFields(Tag tag, TagInput input, DateTime now)
    {
        tag.Description = input.Description.Or(tag.Description);
        tag.Color = InputRules.NormalizeColor(input.Color.Or(tag.Color));
        if (input.Archived.IsSet)
        {
            tag.ArchivedAt = input.Archived.Value ? tag.ArchivedAt ?? now : null;
        }

        tag.UpdatedAt = now;
    }

    private async Task EnsureKeyFreeAsync(string key, CancellationToken ct)
    {
        if (await db.Tags.AnyAsync(t => t.Key == key, ct) || await db.TagAliases.AnyAsync(a => a.Key == key, ct))
        {
            throw new ConflictException("conflict", $"The key '{key}' is already used by a tag or a merged tag's alias.");
        }
    }

    private async Task<Tag> FindParentAsync(string parentRef, CancellationToken ct) =>
        await lookup.FindAsync(parentRef, ct) ?? throw new ValidationFailedException("parent", $"Parent tag '{parentRef}' does not exist.");

    private async Task MoveUnderAsync(Tag tag, string? parentRef, CancellationToken ct)
    {
        if (parentRef is null)
        {
            tag.ParentId = null;
            return;
        }

        var parent = await FindParentAsync(parentRef, ct);
        (await TagHierarchy.LoadAsync(db, ct)).EnsureCanAttach(tag.Id, parent.Id, "parent");
        tag.ParentId = parent.Id;
    }

    private async Task MoveToCategoryAsync(Tag tag, string categoryRef, CancellationToken ct)
    {
        var category = await categories.FindAsync(categoryRef, ct)
            ?? throw new ValidationFailedException("category", $"Tag category '{categoryRef}' does not exist.");
        if (category.Id == tag.CategoryId)
        {
            return;
        }

        // Moving into an exclusive category must not leave a customer holding two of its tags.
        if (category.Exclusive && await db.TagAssignments.AnyAsync(
                a => a.TagId == tag.Id && db.TagAssignments.Any(o => o.CustomerId == a.CustomerId && o.Tag!.CategoryId == category.Id),
                ct))
        {
            throw new ConflictException("conflict", $"Some holders of '{tag.Key}' already hold a tag of exclusive category '{category.Key}'.");
        }

        tag.CategoryId = category.Id;
        tag.Category = category;
    }
}
