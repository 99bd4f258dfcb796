using Microsoft.EntityFrameworkCore;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Data.Saving;

namespace TagApi.Core.TagAssignments;

/// <summary>Applying a large batch of tag changes (an import's or a segment.tag job's chunk) around the change tracker.</summary>
public sealed partial class TagChangeWriter
{
    /// <summary>
    /// Decides and saves <paramref name="changes"/> as <see cref="StageAsync"/> and a save would. Where the provider writes
    /// tag changes in bulk (PostgreSQL), nothing is tracked: the holdings and customers are read as plain rows, the
    /// decisions collected as rows, and written by binary COPY and statements over arrays, with the change logged
    /// through the save pipeline's own steps (history, events, index log, owed rules, outbox; notifications on commit) —
    /// what a tracked save of the same changes logs. Tracking a chunk's thousands of entities cost more than writing them.
    /// </summary>
    public async Task<IReadOnlyList<AppliedTagChange>> ApplyInBulkAsync(IReadOnlyList<TagChangeRequest> changes, TagChangeOrigin origin, CancellationToken ct)
    {
        if (!db.WritesTagChangesInBulk)
        {
            var staged = await StageAsync(changes, origin, ct);
            await db.SaveChangesAsync(ct);
            return staged;
        }

        if (changes.Count == 0)
        {
            return [];
        }

        var customerIds = changes.Select(c => c.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .Select(c => new Customer { Id = c.Id, ExternalId = c.ExternalId, Version = c.Version })
            .ToDictionaryAsync(c => c.Id, ct);
        var expected = customers.ToDictionary(c => c.Key, c => c.Value.Version);
        var held = await PlainHoldingsAsync(changes, customerIds, ct);
        var sink = new CollectedTagChanges(db.Tenant.RequiredTenantId);
        var applied = Decide(changes, origin, customers, ByCustomer(held), sink);
        var expiring = sink.Expiring;
        if (applied.Count == 0 && expiring.Count == 0)
        {
            return applied;
        }

        var moved = customers.Values.Where(c => c.Version != expected[c.Id]).ToList();
        await using var transaction = await OwnTransaction.BeginAsync(db, ct);
        await db.WriteTagChangesAsync(sink.Added, sink.Removed, expiring, [.. moved.Select(c => (c.Id, expected[c.Id], c.Version))], ct);
        var written = new WrittenChange();
        foreach (var customer in moved)
        {
            written.Updated(customer, []);
        }

        written.TagsChanged(sink.Ledger, sink.Added.Concat(sink.Removed).Concat(expiring).Select(a => a.CustomerId));
        await db.SaveWrittenAsync(written, ct);
        await transaction.CommitAsync(ct);
        return applied;
    }

    /// <summary>
    /// Applies what a tag-wide change (deleting or merging a tag) does to each of its holders, a chunk of holders at a time
    /// through <see cref="ApplyInBulkAsync"/>, inside the caller's transaction: statements and memory grow with the chunk,
    /// not with the holders — a tag held by a million customers is not a million tracked entities and statements.
    /// </summary>
    public async Task ApplyToHoldersAsync(IReadOnlyList<long> holders, Func<long, IEnumerable<TagChangeRequest>> changes, TagChangeOrigin origin, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A tag-wide change is applied to its holders in the transaction that makes it.");
        }

        foreach (var chunk in holders.Chunk(HoldersPerWrite))
        {
            await ApplyInBulkAsync([.. chunk.SelectMany(changes)], origin, ct);
        }
    }

    // As many holders per set-based write as an import writes per chunk.
    private const int HoldersPerWrite = 1000;

    // The holdings a change can meet (see Holdings), read without joins: the tags they need — the changed ones and every
    // tag of an exclusive category a tag is added to — come first in a small read, so the large read of assignments is
    // one index lookup per customer however stale the table's statistics are during a long import.
    private async Task<List<TagAssignment>> PlainHoldingsAsync(IReadOnlyList<TagChangeRequest> changes, List<long> customerIds, CancellationToken ct)
    {
        var (changed, exclusive) = HoldingScope(changes);
        var tags = await db.Tags.AsNoTracking().Include(t => t.Category)
            .Where(t => changed.Contains(t.Id) || exclusive.Contains(t.CategoryId))
            .ToDictionaryAsync(t => t.Id, ct);
        var tagIds = tags.Keys.ToList();
        var held = await db.TagAssignments.AsNoTracking().Where(a => customerIds.Contains(a.CustomerId) && tagIds.Contains(a.TagId)).ToListAsync(ct);
        foreach (var assignment in held)
        {
            assignment.Tag = tags[assignment.TagId];
        }

        return held;
    }
}
