using TagApi.Core.Webhooks;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// What the saves under a caller's transaction owe <see cref="CommitNotifications"/>, held until that transaction commits
/// (<see cref="CommitPublisher"/>) and dropped if it does not. The changes of every save in the transaction are told as
/// one: the index reads each touched customer once, subscribers hear of each once.
/// </summary>
internal sealed class DeferredNotifications(CommitNotifications notifications)
{
    private readonly List<OwedDeliveries> _owed = [];
    private readonly List<CommittedChange> _changes = [];

    public CommitNotifications Notifications => notifications;

    public void Add(OwedDeliveries owed, CommittedChange? change)
    {
        if (owed.Count > 0)
        {
            _owed.Add(owed);
        }

        if (change is not null)
        {
            _changes.Add(change);
        }
    }

    public async Task PublishAsync(CancellationToken ct)
    {
        foreach (var owed in _owed)
        {
            await notifications.AfterSaveAsync(owed, null, ct);
        }

        foreach (var change in _changes.GroupBy(c => c.TenantId).Select(Merge))
        {
            await notifications.PublishAsync(change, ct);
        }
    }

    private static CommittedChange Merge(IGrouping<long, CommittedChange> changes) => changes.Count() == 1
        ? changes.First()
        : new CommittedChange(
            changes.Key,
            [.. changes.SelectMany(c => c.CustomerIds).Distinct()],
            [.. changes.SelectMany(c => c.ActivityCustomers).Distinct()],
            changes.Any(c => c.CatalogChanged))
        {
            TxStamps = [.. changes.SelectMany(c => c.TxStamps).Distinct()],
        };
}
