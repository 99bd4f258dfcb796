using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;

namespace TagApi.Core.Tags;

/// <summary>
/// Folds one tag into another: holders of the source get the target, the source's children move
/// under the target, and the source's key (and its old aliases) keep resolving to the target.
/// </summary>
public sealed class TagMerger(TagApiDbContext db, TagLookup lookup, TagChangeWriter writer, TimeProvider clock)
{
    public async Task<Tag> MergeAsync(string sourceRef, string? intoRef, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(intoRef))
        {
            throw new ValidationFailedException("into", "Name the tag to merge into.");
        }

        return await db.RunAsync(async () =>
        {
            var source = await lookup.GetAsync(sourceRef, ct);
            var target = await lookup.FindAsync(intoRef, ct) ?? throw new ValidationFailedException("into", $"Tag '{intoRef}' does not exist.");
            await CheckAsync(source, target, ct);

            await using var transaction = await OwnTransaction.BeginAsync(db, ct);
            var holders = await db.TagAssignments.Where(a => a.TagId == source.Id).Select(a => a.CustomerId).ToListAsync(ct);
            var origin = TagChangeOrigin.Manual(db.Tenant.ClientId, $"tag '{source.Key}' merged into '{target.Key}'");
            await writer.ApplyToHoldersAsync(holders, c => [TagChangeRequest.Remove(c, source), TagChangeRequest.Add(c, target)], origin, ct);

            var now = clock.UtcNow();
            await db.Tags.Where(t => t.ParentId == source.Id).ForEachAsync(t => t.ParentId = target.Id, ct);
            await db.TagAliases.Where(a => a.TagId == source.Id).ForEachAsync(a => a.TagId = target.Id, ct);
            db.TagAliases.Add(new TagAlias { Key = source.Key, TagId = target.Id, CreatedAt = now });
            db.Tags.Remove(source);
            target.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return target;
        });
    }

    private async Task CheckAsync(Tag source, Tag target, CancellationToken ct)
    {
        if (source.Id == target.Id)
        {
            throw new ValidationFailedException("into", "A tag cannot be merged into itself.");
        }

        if (source.RuleOwned || target.RuleOwned)
        {
            throw new ConflictException("rule_owned", "Tags managed by tagging rules cannot be merged; change the rules first.");
        }

        if (target.ArchivedAt is not null)
        {
            throw new ConflictException("tag_archived", $"Tag '{target.Key}' is archived; unarchive it before merging into it.");
        }

        var hierarchy = await TagHierarchy.LoadAsync(db, ct);
        if (hierarchy.SelfAndDescendants(source.Id).Contains(target.Id))
        {
            throw new ValidationFailedException("into", "A tag cannot be merged into one of its own descendants.");
        }

        // The source's children hang under the target afterwards: the tree must stay within the depth limit.
        var childHeight = hierarchy.HeightOf(source.Id) - 1;
        if (childHeight > 0 && hierarchy.DepthOf(target.Id) + childHeight > Tag.MaxDepth)
        {
            throw new ValidationFailedException("into", $"Merging would make the hierarchy deeper than {Tag.MaxDepth} levels.");
        }
    }
}
