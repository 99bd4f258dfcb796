using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Rules;
using TagApi.Core.Segments;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// Save pipeline, before the change is written — the revisions of <see cref="IRevised"/> resources (tags, categories,
/// segments, rules, webhook endpoints). A new one starts at 1; a changed one moves by one, unless only bookkeeping the
/// resource does not show changed (a segment's member rows, a lease). The revision is the row's concurrency token, so
/// the change is written only over the version it was made from. When another writer got there first: a write that
/// checked an expected version (<see cref="Preconditions"/>) fails as stale; any other is written over the newer row,
/// column by column, as before there were revisions — the revision re-read, the change saved again.
/// </summary>
internal static class Revisions
{
    private const int MaxAttempts = 5;

    // Columns a representation does not show, written by background work: changing them makes no new revision.
    private static readonly HashSet<string> Bookkeeping =
    [
        nameof(Segment.MembersVersion), nameof(Segment.MembersSyncedAt), nameof(ILeased.LeaseOwner), nameof(ILeased.LeaseUntil),
        nameof(WebhookEndpoint.FailingSince),
    ];

    private static string NameOf(object entity) => entity switch
    {
        TaggingRule => "rule",
        Segment => "segment",
        WebhookEndpoint => "webhook endpoint",
        TagCategories.TagCategory => "tag category",
        _ => "tag",
    };

    /// <summary>Makes <see cref="IRevised.Revision"/> every such entity's concurrency token.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        foreach (var type in modelBuilder.Model.GetEntityTypes().Where(t => typeof(IRevised).IsAssignableFrom(t.ClrType)))
        {
            modelBuilder.Entity(type.ClrType).Property(nameof(IRevised.Revision)).IsConcurrencyToken();
        }
    }

    /// <summary>Moves the revisions of what the tracked changes create or change (changes already detected).</summary>
    public static void Stamp(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<IRevised>())
        {
            var revision = entry.Property(nameof(IRevised.Revision));
            if (entry.State == EntityState.Added && entry.Entity.Revision == 0)
            {
                revision.CurrentValue = 1L;
            }
            else if (entry.State == EntityState.Modified && !revision.IsModified
                     && entry.Properties.Any(p => p.IsModified && !Bookkeeping.Contains(p.Metadata.Name)))
            {
                revision.CurrentValue = (long)revision.OriginalValue! + 1;
            }
        }
    }

    /// <summary>Whether a save of these changes can lose a race on a revision, and be saved again (changes already detected).</summary>
    public static bool MayRetry(ChangeTracker tracker) =>
        tracker.Entries<IRevised>().Any(e => e.State is EntityState.Modified or EntityState.Deleted);

    /// <summary>EF's save of the tracked changes, resolving lost races on revisions as the summary says.</summary>
    public static async Task<int> SaveAsync(TagApiDbContext db, bool acceptAllChangesOnSuccess, Preconditions? preconditions, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.SaveTrackedAsync(acceptAllChangesOnSuccess, ct);
            }
            catch (DbUpdateConcurrencyException e) when (attempt < MaxAttempts && e.Entries.Count > 0 && e.Entries.All(x => x.Entity is IRevised))
            {
                foreach (var entry in e.Entries)
                {
                    if (preconditions?.Guards(entry.Entity) == true)
                    {
                        throw new PreconditionFailedException(NameOf(entry.Entity));
                    }

                    // A row deleted meanwhile stays the failure it always was.
                    if (await entry.GetDatabaseValuesAsync(ct) is not { } stored)
                    {
                        throw;
                    }

                    var revision = entry.Property(nameof(IRevised.Revision));
                    var moved = !Equals(revision.CurrentValue, revision.OriginalValue);
                    var current = stored.GetValue<long>(nameof(IRevised.Revision));
                    revision.OriginalValue = current;
                    revision.CurrentValue = moved ? current + 1 : current;
                    revision.IsModified = moved;
                }
            }
        }
    }
}
