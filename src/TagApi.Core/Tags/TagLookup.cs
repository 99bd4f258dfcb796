using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.Tags;

/// <summary>
/// Resolves what callers write for a tag — a public id, a key, or an old key kept as an alias
/// after a merge — to the tag itself, with its category loaded.
/// </summary>
public sealed class TagLookup(TagApiDbContext db)
{
    public async Task<Tag> GetAsync(string idOrKey, CancellationToken ct) =>
        await FindAsync(idOrKey, ct) ?? throw new NotFoundException("Tag", idOrKey);

    public async Task<Tag?> FindAsync(string idOrKey, CancellationToken ct)
    {
        var found = await FindManyAsync([idOrKey], ct);
        return found.GetValueOrDefault(idOrKey);
    }

    /// <summary>Resolves many references in two queries; references that match nothing are absent from the result.</summary>
    public async Task<Dictionary<string, Tag>> FindManyAsync(IEnumerable<string> references, CancellationToken ct)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in references.Distinct(StringComparer.Ordinal))
        {
            if (PublicId.LooksLike(IdPrefixes.Tag, reference))
            {
                if (PublicId.TryDecode(IdPrefixes.Tag, reference, out var id))
                {
                    ids[reference] = id;
                }
            }
            else
            {
                keys[reference] = reference.ToLowerInvariant();
            }
        }

        var keyValues = keys.Values.Distinct().ToList();
        var aliasTargets = keyValues.Count == 0
            ? []
            : await db.TagAliases.AsNoTracking().Where(a => keyValues.Contains(a.Key)).ToDictionaryAsync(a => a.Key, a => a.TagId, ct);
        var idValues = ids.Values.Concat(aliasTargets.Values).Distinct().ToList();
        var tags = await db.Tags.Include(t => t.Category)
            .Where(t => idValues.Contains(t.Id) || keyValues.Contains(t.Key))
            .ToListAsync(ct);

        var byId = tags.ToDictionary(t => t.Id);
        var byKey = tags.ToDictionary(t => t.Key, StringComparer.Ordinal);
        var result = new Dictionary<string, Tag>(StringComparer.Ordinal);
        foreach (var (reference, id) in ids)
        {
            if (byId.TryGetValue(id, out var tag))
            {
                result[reference] = tag;
            }
        }

        foreach (var (reference, key) in keys)
        {
            if (byKey.TryGetValue(key, out var tag) || (aliasTargets.TryGetValue(key, out var target) && byId.TryGetValue(target, out tag)))
            {
                result[reference] = tag;
            }
        }

        return result;
    }
}
