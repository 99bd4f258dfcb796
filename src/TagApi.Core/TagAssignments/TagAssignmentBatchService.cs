using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Tags;

namespace TagApi.Core.TagAssignments;

/// <summary>
/// Applies up to <see cref="MaxItems"/> customer–tag pairs in one transaction. Every item is
/// checked first and all problems are reported together; if any item is bad, nothing is applied.
/// </summary>
public sealed class TagAssignmentBatchService(TagApiDbContext db, CustomerLookup customers, TagLookup tags, TagChangeWriter writer, TimeProvider clock)
{
    public const int MaxItems = 1000;

    public Task<TagAssignmentBatchResult> ApplyAsync(TagAssignmentBatch batch, CancellationToken ct) => ApplyAsync(batch, inBulk: false, ct);

    /// <summary>Applies the batch; <paramref name="inBulk"/> (an import's chunk) saves it around the change tracker where the provider can (see <see cref="TagChangeWriter.ApplyInBulkAsync"/>).</summary>
    public async Task<TagAssignmentBatchResult> ApplyAsync(TagAssignmentBatch batch, bool inBulk, CancellationToken ct)
    {
        var total = batch.Add.Count + batch.Remove.Count;
        if (total == 0)
        {
            throw new ValidationFailedException("add", "Give at least one pair to add or remove.");
        }

        if (total > MaxItems)
        {
            throw new ValidationFailedException("add", $"A batch holds at most {MaxItems} pairs; this one has {total}.");
        }

        if (batch.Source == TagSource.Rule)
        {
            throw new ValidationFailedException("source", "Only 'manual' and 'import' can be given as a source.");
        }

        return await db.RunAsync(async () =>
        {
            var all = batch.Add.Concat(batch.Remove).ToList();
            var (byId, byExternalId) = await customers.ResolveManyAsync(
                all.Where(i => i.Customer is not null).Select(i => i.Customer!),
                all.Where(i => i.ExternalId is not null).Select(i => i.ExternalId!),
                ct);
            var resolvedTags = await tags.FindManyAsync(all.Where(i => i.Tag is not null).Select(i => i.Tag!), ct);

            var errors = new List<BatchItemError>();
            var staged = new List<(TagChangeRequest Request, int Index)>();
            Resolve("remove", batch.Remove, isAdd: false);
            Resolve("add", batch.Add, isAdd: true);
            CheckExclusiveClashes(staged, errors);
            if (errors.Count > 0)
            {
                throw new BatchRejectedException(errors);
            }

            var requests = staged.Select(s => s.Request).ToList();
            var origin = new TagChangeOrigin(batch.Source, db.Tenant.ClientId, null);
            IReadOnlyList<AppliedTagChange> applied;
            if (inBulk)
            {
                applied = await writer.ApplyInBulkAsync(requests, origin, ct);
            }
            else
            {
                applied = await writer.StageAsync(requests, origin, ct);
                await db.SaveChangesAsync(ct);
            }

            var added = applied.Count(c => c.Action == TagHistoryAction.Added);
            return new TagAssignmentBatchResult(added, applied.Count - added, Math.Max(0, total - applied.Count), applied);

            void Resolve(string list, IReadOnlyList<TagAssignmentItem> items, bool isAdd)
            {
                var now = clock.UtcNow();
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    var error = Check(item, isAdd, now, byId, byExternalId, resolvedTags, out var customerId, out var tag);
                    if (error is not null)
                    {
                        errors.Add(new BatchItemError(list, i, error.Value.Code, error.Value.Message));
                    }
                    else
                    {
                        staged.Add((new TagChangeRequest(customerId, tag!, isAdd, isAdd ? item.ExpiresAt : null), i));
                    }
                }
            }
        });
    }

    private static (string Code, string Message)? Check(
        TagAssignmentItem item, bool isAdd, DateTime now, Dictionary<string, long> byId, Dictionary<string, long> byExternalId,
        Dictionary<string, Tag> resolvedTags, out long customerId, out Tag? tag)
    {
        customerId = 0;
        tag = null;
        if ((item.Customer is null) == (item.ExternalId is null))
        {
            return ("validation_failed", "Name the customer by exactly one of 'customer' (id) or 'externalId'.");
        }

        if (item.Customer is not null ? !byId.TryGetValue(item.Customer, out customerId) : !byExternalId.TryGetValue(item.ExternalId!, out customerId))
        {
            return ("not_found", $"Customer '{item.Customer ?? item.ExternalId}' was not found.");
        }

        if (item.Tag is null || !resolvedTags.TryGetValue(item.Tag, out tag))
        {
            return item.Tag is null ? ("validation_failed", "A tag is required.") : ("not_found", $"Tag '{item.Tag}' was not found.");
        }

        if (tag.RuleOwned)
        {
            return ("rule_owned", $"Tag '{tag.Key}' is managed by a tagging rule and cannot be changed by hand.");
        }

        if (isAdd && tag.ArchivedAt is not null)
        {
            return ("tag_archived", $"Tag '{tag.Key}' is archived and cannot be assigned.");
        }

        return isAdd && item.ExpiresAt is { } at && at <= now ? ("validation_failed", "The expiry must be in the future.") : null;
    }

    private static void CheckExclusiveClashes(List<(TagChangeRequest Request, int Index)> staged, List<BatchItemError> errors)
    {
        var clashes = staged.Where(s => s.Request.IsAdd && s.Request.Tag.Category?.Exclusive == true)
            .GroupBy(s => (s.Request.CustomerId, s.Request.Tag.CategoryId))
            .Where(g => g.Select(s => s.Request.Tag.Id).Distinct().Count() > 1);
        foreach (var clash in clashes)
        {
            var first = clash.First().Request.Tag;
            foreach (var (request, index) in clash.Skip(1).Where(s => s.Request.Tag.Id != first.Id))
            {
                errors.Add(new BatchItemError("add", index, "exclusive_conflict",
                    $"The same customer also gets '{first.Key}'; exclusive category '{first.Category!.Key}' allows only one of '{first.Key}' and '{request.Tag.Key}'."));
            }
        }
    }
}
