namespace TagApi.Core.Segments.Engine;

/// <summary>
/// One committed change that in-memory indexes must mirror, written in the same transaction as
/// the change. Every server instance tails this log (see <see cref="IndexFollower"/>) so an index stays correct
/// when another instance writes to the same database.
/// </summary>
public sealed class IndexChange
{
    /// <summary>The sequence of the log.</summary>
    public long Id { get; set; }

    public long TenantId { get; set; }

    /// <summary>The customer whose fields or tags changed; null for a change of the tag structure.</summary>
    public long? CustomerId { get; set; }

    /// <summary>True when the customer's activities changed, so followers re-read its timeline as well.</summary>
    public bool Activities { get; set; }

    public DateTime At { get; set; }

    /// <summary>
    /// The stamp of the transaction that wrote the row, set by the database (as <see cref="Webhooks.Event.TxStamp"/>), so
    /// followers know when no older row can still commit (see <see cref="IndexFollower"/>).
    /// </summary>
    public long TxStamp { get; set; }
}
