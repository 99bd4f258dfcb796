using TagApi.Core.Data;

namespace TagApi.Core.TagAssignments;

/// <summary>Where <see cref="TagChangeWriter"/> puts the changes it decides on: the unit of work's change tracker, or lists a bulk write takes.</summary>
internal interface ITagChangeSink
{
    void Add(TagAssignment assignment);

    void Remove(TagAssignment assignment);

    void ChangeExpiry(TagAssignment assignment, DateTime? expiresAt);

    void Record(TagHistoryEntry entry);
}

/// <summary>Changes staged in the change tracker, for the caller's save.</summary>
internal sealed class TrackedTagChanges(TagApiDbContext db) : ITagChangeSink
{
    public void Add(TagAssignment assignment) => db.TagAssignments.Add(assignment);

    public void Remove(TagAssignment assignment) => db.TagAssignments.Remove(assignment);

    // A tracked holding: the save finds the new value itself.
    public void ChangeExpiry(TagAssignment assignment, DateTime? expiresAt) => assignment.ExpiresAt = expiresAt;

    public void Record(TagHistoryEntry entry) => db.TagHistory.Add(entry);
}

/// <summary>
/// Changes collected as the rows a set-based write needs, netted as a tracked save nets them: a holding added and removed
/// again in the same batch is never written, and a new expiry on a holding added in it is written with the holding.
/// </summary>
internal sealed class CollectedTagChanges(long tenantId) : ITagChangeSink
{
    private readonly HashSet<TagAssignment> _added = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<TagAssignment> _expiring = new(ReferenceEqualityComparer.Instance);

    public List<TagAssignment> Added { get; } = [];

    public List<TagAssignment> Removed { get; } = [];

    /// <summary>Holdings kept whose expiry changed (a copy: taken once the decisions are made).</summary>
    public List<TagAssignment> Expiring => [.. _expiring];

    public List<TagHistoryEntry> Ledger { get; } = [];

    public void Add(TagAssignment assignment)
    {
        assignment.TenantId = tenantId;
        _added.Add(assignment);
        Added.Add(assignment);
    }

    public void Remove(TagAssignment assignment)
    {
        if (_added.Remove(assignment))
        {
            Added.Remove(assignment);
            return;
        }

        _expiring.Remove(assignment);
        Removed.Add(assignment);
    }

    public void ChangeExpiry(TagAssignment assignment, DateTime? expiresAt)
    {
        if (assignment.ExpiresAt == expiresAt)
        {
            return;
        }

        assignment.ExpiresAt = expiresAt;
        if (!_added.Contains(assignment))
        {
            _expiring.Add(assignment);
        }
    }

    public void Record(TagHistoryEntry entry)
    {
        entry.TenantId = tenantId;
        Ledger.Add(entry);
    }
}
