using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Data;

namespace TagApi.Core.TagCategories;

/// <summary>Creates, reads, changes and deletes the tenant's tag categories.</summary>
public sealed class TagCategoryService(TagApiDbContext db, Preconditions preconditions, TimeProvider clock)
{
    public async Task<Page<TagCategory>> ListAsync(PageRequest page, CancellationToken ct)
    {
        return await db.TagCategories.AsNoTracking().ToPageAsync(page, c => c.Id, ct);
    }

    /// <summary>Finds a category by public id or key.</summary>
    public async Task<TagCategory> GetAsync(string idOrKey, CancellationToken ct) =>
        await FindAsync(idOrKey, ct) ?? throw new NotFoundException("Tag category", idOrKey);

    public async Task<TagCategory?> FindAsync(string idOrKey, CancellationToken ct)
    {
        if (PublicId.LooksLike(IdPrefixes.Category, idOrKey))
        {
            return PublicId.TryDecode(IdPrefixes.Category, idOrKey, out var id)
                ? await db.TagCategories.FirstOrDefaultAsync(c => c.Id == id, ct)
                : null;
        }

        var key = idOrKey.ToLowerInvariant();
        return await db.TagCategories.FirstOrDefaultAsync(c => c.Key == key, ct);
    }

    public async Task<TagCategory> CreateAsync(TagCategoryInput input, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        InputRules.CheckKey(errors, "key", input.Key.Or(null!));
        InputRules.CheckText(errors, "name", input.Name.Or(null!), InputRules.NameMaxLength, required: true);
        InputRules.CheckLabel(errors, input.Description, input.Color);
        errors.ThrowIfAny();

        var key = input.Key.Value;
        if (await db.TagCategories.AnyAsync(c => c.Key == key, ct))
        {
            throw new ConflictException("conflict", $"A tag category with key '{key}' already exists.");
        }

        var now = clock.UtcNow();
        var category = new TagCategory { Key = key, Name = input.Name.Value, CreatedAt = now };
        Apply(category, input, now);
        db.TagCategories.Add(category);
        await db.SaveChangesAsync(ct);
        return category;
    }

    public async Task<TagCategory> UpdateAsync(string idOrKey, TagCategoryInput input, CancellationToken ct)
    {
        var category = await GetAsync(idOrKey, ct);
        preconditions.Check(category, IdPrefixes.Category, category.Id, category.Revision, "Tag category", idOrKey);
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

        if (input.Key.IsSet && input.Key.Value != category.Key && await db.TagCategories.AnyAsync(c => c.Key == input.Key.Value, ct))
        {
            throw new ConflictException("conflict", $"A tag category with key '{input.Key.Value}' already exists.");
        }

        if (input.Exclusive is { IsSet: true, Value: true } && !category.Exclusive)
        {
            await EnsureNoCustomerHoldsTwoAsync(category, ct);
        }

        category.Key = input.Key.Or(category.Key);
        category.Name = input.Name.Or(category.Name);
        Apply(category, input, clock.UtcNow());
        await db.SaveChangesAsync(ct);
        return category;
    }

    public async Task DeleteAsync(string idOrKey, CancellationToken ct)
    {
        var category = await GetAsync(idOrKey, ct);
        preconditions.Check(category, IdPrefixes.Category, category.Id, category.Revision, "Tag category", idOrKey);
        if (await db.Tags.AnyAsync(t => t.CategoryId == category.Id, ct))
        {
            throw new ConflictException("category_in_use", $"Tag category '{category.Key}' still has tags; move or delete them first.");
        }

        db.TagCategories.Remove(category);
        await db.SaveChangesAsync(ct);
    }

    private static void Apply(TagCategory category, TagCategoryInput input, DateTime now)
    {
        category.Description = input.Description.Or(category.Description);
        category.Color = InputRules.NormalizeColor(input.Color.Or(category.Color));
        category.Exclusive = input.Exclusive.Or(category.Exclusive);
        category.SortOrder = input.SortOrder.Or(category.SortOrder);
        category.UpdatedAt = now;
    }

    // Turning a category exclusive must not leave customers holding two of its tags.
    private async Task EnsureNoCustomerHoldsTwoAsync(TagCategory category, CancellationToken ct)
    {
        var clash = await db.TagAssignments
            .Where(a => a.Tag!.CategoryId == category.Id)
            .GroupBy(a => a.CustomerId)
            .AnyAsync(g => g.Count() > 1, ct);
        if (clash)
        {
            throw new ConflictException("conflict", $"Some customers hold several tags of '{category.Key}'; it cannot become exclusive until they hold at most one.");
        }
    }
}
