using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Tags;

namespace TagApi.Core.TagAssignments;

/// <summary>
/// The one path through which customers gain and lose tags. It applies set semantics, the
/// exclusive-category rule and the rule-owned lock, writes a ledger line per real change and bumps
/// each touched customer's version (its concurrency token, so concurrent writers to one customer
/// serialise). It only stages changes: the caller's SaveChanges commits them in one transaction
/// with whatever else the caller changed.
/// </summary>
public sealed partial class TagChangeWriter(TagApiDbContext db, TimeProvider clock)
{
    /// <summary>Stages the changes.</summary>
    public async Task<IReadOnlyList<AppliedTagChange>> StageAsync(IReadOnlyList<TagChangeRequest> changes, TagChangeOrigin origin, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        var customerIds = changes.Select(c => c.CustomerId).Distinct().ToList();
        var customers = await db.Customers.Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var held = await Holdings(changes, customerIds).ToListAsync(ct);
        return Decide(changes, origin, customers, ByCustomer(held), new TrackedTagChanges(db));
    }

    /// <summary>
    /// Stages one tracked customer's changes over <paramref name="held"/>, every assignment it holds (tracked, with tag
    /// and category, see <see cref="CustomerLookup.GetTrackedWithHoldingsAsync"/>), changing the list in place: as the
    /// changes leave it, it is the customer's tags to answer with, without reading them again after the commit.
    /// </summary>
    public IReadOnlyList<AppliedTagChange> StageForCustomer(Customer customer, List<TagAssignment> held, IReadOnlyList<TagChangeRequest> changes, TagChangeOrigin origin) =>
        Decide(changes, origin, new Dictionary<long, Customer> { [customer.Id] = customer }, new() { [customer.Id] = held }, new TrackedTagChanges(db));

    private static Dictionary<long, List<TagAssignment>> ByCustomer(List<TagAssignment> held) =>
        held.GroupBy(a => a.CustomerId).ToDictionary(g => g.Key, g => g.ToList());

    // Only the holdings a change can meet: the changed tags themselves, and every tag of an exclusive category a tag is
    // added to (its rivals). Loading all of each customer's tags dominated a large batch's time (ten rows and three
    // tracked entities per customer) for rows that are never looked at.
    private IQueryable<TagAssignment> Holdings(IReadOnlyList<TagChangeRequest> changes, List<long> customerIds)
    {
        var (tagIds, exclusive) = HoldingScope(changes);
        var relevant = db.TagAssignments.Where(a => customerIds.Contains(a.CustomerId));
        relevant = exclusive.Count == 0
            ? relevant.Where(a => tagIds.Contains(a.TagId))
            : relevant.Where(a => tagIds.Contains(a.TagId) || exclusive.Contains(a.Tag!.CategoryId));
        return relevant.Include(a => a.Tag).ThenInclude(t => t!.Category);
    }

    // The changed tags, and the categories whose every tag is a rival of an exclusive tag being added.
    private static (List<long> TagIds, List<long> ExclusiveCategories) HoldingScope(IReadOnlyList<TagChangeRequest> changes) =>
        (changes.Select(c => c.Tag.Id).Distinct().ToList(),
         changes.Where(c => c.IsAdd && c.Tag.Category?.Exclusive == true).Select(c => c.Tag.CategoryId).Distinct().ToList());

    // Removals first, then additions, each applied to the customer's holdings as staged so far (the lists are changed
    // in place); a customer whose holdings changed has its version moved once per change.
    private List<AppliedTagChange> Decide(
        IReadOnlyList<TagChangeRequest> changes, TagChangeOrigin origin, IReadOnlyDictionary<long, Customer> customers,
        Dictionary<long, List<TagAssignment>> holdings, ITagChangeSink sink)
    {
        var now = clock.UtcNow();
        var applied = new List<AppliedTagChange>();
        foreach (var change in changes.Where(c => !c.IsAdd).Concat(changes.Where(c => c.IsAdd)))
        {
            var customer = customers.GetValueOrDefault(change.CustomerId) ?? throw new NotFoundException("Customer", PublicId.Encode(IdPrefixes.Customer, change.CustomerId));
            var current = holdings.TryGetValue(change.CustomerId, out var list) ? list : holdings[change.CustomerId] = [];
            var before = applied.Count;
            if (change.IsAdd)
            {
                Add(current, change, origin, now, applied, sink);
            }
            else
            {
                RemoveIfHeld(current, change.Tag, origin, origin.Reason, now, applied, sink);
            }

            if (applied.Count > before)
            {
                customer.Version++;
            }
        }

        return applied;
    }

    private static void Add(List<TagAssignment> current, TagChangeRequest change, TagChangeOrigin origin, DateTime now, List<AppliedTagChange> applied, ITagChangeSink sink)
    {
        var tag = change.Tag;
        var existing = current.Find(a => a.TagId == tag.Id);
        if (existing is not null)
        {
            // Set semantics: holding the tag already is not an error; a new expiry is still honoured.
            if (change.ExpiresAt is not null)
            {
                sink.ChangeExpiry(existing, change.ExpiresAt);
            }

            return;
        }

        EnsureEditable(tag, origin);
        if (tag.ArchivedAt is not null)
        {
            throw new ConflictException("tag_archived", $"Tag '{tag.Key}' is archived and cannot be assigned.");
        }

        if (tag.Category?.Exclusive == true)
        {
            foreach (var rival in current.Where(a => a.Tag!.CategoryId == tag.CategoryId).ToList())
            {
                RemoveIfHeld(current, rival.Tag!, origin, $"replaced by '{tag.Key}' in exclusive category '{tag.Category.Key}'", now, applied, sink);
            }
        }

        var assignment = new TagAssignment
        {
            CustomerId = change.CustomerId,
            TagId = tag.Id,
            Tag = tag,
            Source = origin.Source,
            SourceRef = origin.SourceRef,
            AssignedAt = now,
            ExpiresAt = change.ExpiresAt,
        };
        sink.Add(assignment);
        current.Add(assignment);
        Record(change.CustomerId, tag, TagHistoryAction.Added, origin, origin.Reason, now, applied, sink);
    }

    private static void RemoveIfHeld(List<TagAssignment> current, Tag tag, TagChangeOrigin origin, string? reason, DateTime now, List<AppliedTagChange> applied, ITagChangeSink sink)
    {
        var existing = current.Find(a => a.TagId == tag.Id);
        if (existing is null)
        {
            return;
        }

        EnsureEditable(tag, origin);
        sink.Remove(existing);
        current.Remove(existing);
        Record(existing.CustomerId, tag, origin.IsExpiry ? TagHistoryAction.Expired : TagHistoryAction.Removed, origin, reason, now, applied, sink);
    }

    private static void EnsureEditable(Tag tag, TagChangeOrigin origin)
    {
        if (tag.RuleOwned && origin.Source != TagSource.Rule && !origin.IsExpiry)
        {
            throw new ConflictException("rule_owned", $"Tag '{tag.Key}' is managed by a tagging rule and cannot be changed by hand.");
        }
    }

    private static void Record(long customerId, Tag tag, TagHistoryAction action, TagChangeOrigin origin, string? reason, DateTime now, List<AppliedTagChange> applied, ITagChangeSink sink)
    {
        sink.Record(new TagHistoryEntry
        {
            CustomerId = customerId,
            TagId = tag.Id,
            TagKey = tag.Key,
            Action = action,
            Source = origin.Source,
            SourceRef = origin.SourceRef,
            Reason = reason,
            At = now,
        });
        applied.Add(new AppliedTagChange(customerId, tag.Id, tag.Key, action, reason));
    }
}
