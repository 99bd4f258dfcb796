namespace TagApi.Core.Segments.Engine;

/// <summary>
/// The transactions this instance committed whose changes its own index has already taken in (re-read after the
/// commit, see <see cref="Data.Saving.CommitNotifications"/>), by the stamp their index-log rows carry
/// (<see cref="IndexChange.TxStamp"/>). The follower skips those rows: re-reading the same customers once more would
/// find nothing new — a later change to them has rows of its own — and cost the writer a second read of every customer
/// it wrote. Only stamped rows (providers with a commit horizon) are skipped; stamps the follower has read past are forgotten.
/// </summary>
public sealed class OwnCommits
{
    private readonly Lock _lock = new();
    private readonly HashSet<long> _stamps = [];

    public void Applied(IEnumerable<long> stamps)
    {
        lock (_lock)
        {
            _stamps.UnionWith(stamps);
        }
    }

    public bool WasApplied(long stamp)
    {
        lock (_lock)
        {
            return _stamps.Contains(stamp);
        }
    }

    /// <summary>Forgets stamps below the follower's horizon: their rows are never read again.</summary>
    public void ForgetBelow(long horizon)
    {
        lock (_lock)
        {
            _stamps.RemoveWhere(s => s < horizon);
        }
    }
}
