using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.TagCategories;

namespace TagApi.Core.Tenancy;

/// <summary>Operator-side tenant management; never exposed over the public API.</summary>
public sealed partial class TenantService(TagApiDbContext db, TimeProvider clock)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    public Task<Tenant?> FindBySlugAsync(string slug, CancellationToken ct) =>
        db.Tenants.FirstOrDefaultAsync(t => t.Slug == slug, ct);

    public Task<bool> AnyAsync(CancellationToken ct) => db.Tenants.AnyAsync(ct);

    /// <summary>Creates a tenant with the default tag categories.</summary>
    public async Task<Tenant> CreateAsync(string slug, string? name, CancellationToken ct)
    {
        if (!SlugPattern().IsMatch(slug))
        {
            throw new ValidationFailedException("slug", "A tenant slug is 2–63 lower-case letters, digits or '-'.");
        }

        if (await FindBySlugAsync(slug, ct) is not null)
        {
            throw new ConflictException("conflict", $"Tenant '{slug}' already exists.");
        }

        var now = clock.UtcNow();
        var tenant = new Tenant { Slug = slug, Name = string.IsNullOrWhiteSpace(name) ? slug : name, CreatedAt = now };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(ct);
        db.TagCategories.AddRange(DefaultTagCategories.Create(tenant.Id, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return tenant;
    }
}
