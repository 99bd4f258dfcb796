using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// After the commit, one tenant's committed changes are applied to this instance's index together: the index applies
/// one tenant's updates one at a time (an older read must never land after a newer one), so concurrent writers of a
/// tenant would otherwise queue there, each for its own re-read of its customers. A change joins the group that is
/// waiting; the group's customers are re-read in one go once the apply in progress is done, and every writer of the
/// group returns when the read that started after its commit has been applied — so each still sees its own write on
/// its next read.
/// </summary>
internal sealed class IndexApplyQueue(SegmentEngine engine, long tenantId)
{
    private readonly Lock _lock = new();
    private List<(CommittedChange Change, TaskCompletionSource Applied)> _waiting = [];
    private bool _applying;

    public Task ApplyAsync(CommittedChange change, CancellationToken ct)
    {
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_lock)
        {
            _waiting.Add((change, applied));
            start = !_applying;
            _applying = true;
        }

        if (start)
        {
            // Off the caller's path: a writer whose change is applied returns, whoever keeps draining the queue.
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return applied.Task.WaitAsync(ct);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(CommittedChange Change, TaskCompletionSource Applied)> group;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _applying = false;
                    return;
                }

                group = _waiting;
                _waiting = [];
            }

            try
            {
                var customers = new HashSet<long>();
                var activities = new HashSet<long>();
                var catalog = false;
                var stamps = new List<long>();
                foreach (var (change, _) in group)
                {
                    customers.UnionWith(change.CustomerIds);
                    activities.UnionWith(change.ActivityCustomers);
                    catalog |= change.CatalogChanged;
                    stamps.AddRange(change.TxStamps);
                }

                // Not the writers' tokens: the group's apply serves all of them, and a writer that gave up still committed.
                await engine.ApplyChangesAsync(tenantId, customers, activities, catalog, CancellationToken.None);
                // Read after the commits: the follower need not read these customers again for them.
                engine.OwnCommits.Applied(stamps);
                foreach (var (_, applied) in group)
                {
                    applied.TrySetResult();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Every writer of the group learns of the failure, as each learned of its own apply's before.
                foreach (var (_, applied) in group)
                {
                    applied.TrySetException(e);
                }
            }
        }
    }
}
