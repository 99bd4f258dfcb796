using Microsoft.EntityFrameworkCore;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Data.Saving;

namespace TagApi.Core.TagAssignments;

/// <summary>Saving a large batch of staged tag changes (an import's chunk) around the change tracker.</summary>
public sealed partial class TagChangeWriter
{
    /// <summary>
    /// Saves what <see cref="StageAsync"/> staged. Where the provider writes tag changes in bulk (PostgreSQL), the
    /// assignments and customer versions go by binary COPY and statements over arrays, and the change is logged through
    /// the save pipeline's own steps (history, events, index log, owed rules, outbox; notifications on commit) — what
    /// a tracked save of the same entries logs. Anything else staged, or another provider, takes the tracked save.
    /// </summary>
    public async Task SaveInBulkAsync(CancellationToken ct)
    {
        if (!db.WritesTagChangesInBulk)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries().Where(e => e.State is not (EntityState.Unchanged or EntityState.Detached)).ToList();
        if (entries.Any(e => e.Entity is not (TagAssignment or TagHistoryEntry or Customer)
            || (e.Entity is Customer && (e.State != EntityState.Modified || e.Properties.Any(p => p.IsModified && p.Metadata.Name != nameof(Customer.Version))))))
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        db.StampTenant();
        List<TagAssignment> Assignments(EntityState state) => [.. entries.Where(e => e.State == state).Select(e => e.Entity).OfType<TagAssignment>()];
        var customers = entries.Where(e => e.Entity is Customer).ToList();
        var versions = customers.Select(e => (((Customer)e.Entity).Id, (long)e.Property(nameof(Customer.Version)).OriginalValue!, ((Customer)e.Entity).Version)).ToList();
        var ledger = entries.Select(e => e.Entity).OfType<TagHistoryEntry>().ToList();

        await using var transaction = await OwnTransaction.BeginAsync(db, ct);
        var added = Assignments(EntityState.Added);
        var removed = Assignments(EntityState.Deleted);
        var expiring = Assignments(EntityState.Modified);
        await db.WriteTagChangesAsync(added, removed, expiring, versions, ct);
        // Written: nothing may save them again (the pipeline's steps save what they stage).
        db.ChangeTracker.Clear();
        var written = new WrittenChange();
        foreach (var entry in customers)
        {
            written.Updated((Customer)entry.Entity, []);
        }

        written.TagsChanged(ledger, added.Concat(removed).Concat(expiring).Select(a => a.CustomerId));
        await db.SaveWrittenAsync(written, ct);
        await transaction.CommitAsync(ct);
    }
}
