namespace TagApi.Core.Data.Coherence;

/// <summary>
/// A channel between the instances sharing one database: each announces that it committed indexed changes, and hears
/// the others' announcements, so that their followers read the index-change log at once instead of at their next poll.
/// Only a hint — the log is the truth and the poll remains: an announcement lost to a crash or a dropped connection
/// delays a follower by one poll period, never loses a change. Providers without one (SQLite is one process's file)
/// register none.
/// </summary>
public interface ICommitChannel
{
    /// <summary>Tells the other instances that this one committed something they should follow.</summary>
    Task AnnounceAsync(CancellationToken ct);

    /// <summary>
    /// Listens until <paramref name="ct"/> is cancelled, calling <paramref name="heard"/> for each other instance's
    /// announcement (and once as soon as it listens, for whatever was announced while it did not); throws when the
    /// connection is lost, for the caller to listen again.
    /// </summary>
    Task ListenAsync(Action heard, CancellationToken ct);
}
