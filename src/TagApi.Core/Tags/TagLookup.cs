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

    /// <summary>Resolves many references in one query; references that match nothing are absent from the result.</summary>
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

        // One round trip: the tags named by id or key, and those an alias names, each with the aliases that named it.
        var keyValues = keys.Values.Distinct().ToList();
        var idValues = ids.Values.Distinct().ToList();
        var rows = new List<TagMatch>();
        await foreach (var row in Matching.For(db)(db, idValues, keyValues).WithCancellation(ct))
        {
            rows.Add(row);
        }

        var tags = rows.Select(r => r.Tag).ToList();
        var aliasTargets = rows.SelectMany(r => r.AliasKeys.Select(key => (key, r.Tag.Id))).ToDictionary(a => a.key, a => a.Id, StringComparer.Ordinal);

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

    // Compiled: every tag change and assignment resolves its tags with it, and EF's per-call work on the uncompiled
    // query (its alias subqueries and nested list) showed as the largest part of a single tag change's own time.
    private static readonly CompiledQuery<Func<TagApiDbContext, List<long>, List<string>, IAsyncEnumerable<TagMatch>>> Matching = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, List<long> ids, List<string> keys) => db.Tags
            .Where(t => ids.Contains(t.Id) || keys.Contains(t.Key) || db.TagAliases.Any(a => a.TagId == t.Id && keys.Contains(a.Key)))
            .Select(t => new TagMatch(t, t.Category, db.TagAliases.Where(a => a.TagId == t.Id && keys.Contains(a.Key)).Select(a => a.Key).ToList()))));

    // Category is read with the tag so the tracked tag has it; AliasKeys are the given keys that name the tag as an alias.
    private sealed record TagMatch(Tag Tag, TagCategories.TagCategory? Category, List<string> AliasKeys);
}
