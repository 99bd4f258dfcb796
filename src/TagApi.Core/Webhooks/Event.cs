using TagApi.Core.Tenancy;

namespace TagApi.Core.Webhooks;

/// <summary>
/// One entry of the change log: written in the same transaction as the change it describes, so
/// there is no change without its event and no event without its change. Its id names it to receivers; the events
/// API pages by its commit-safe position, (<see cref="TxStamp"/>, <see cref="Id"/>).
/// </summary>
public sealed class Event : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string Type { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>The event's <c>data</c> object as JSON text.</summary>
    public required string Data { get; set; }

    /// <summary>
    /// The stamp of the transaction that wrote the event, set by the database: PostgreSQL's transaction id, SQL Server's
    /// rowversion, 0 on SQLite (whose ids already come in commit order). Compared with
    /// <see cref="Data.TagApiDbContext.CommitHorizonAsync"/> so the feed never shows an event an older one could still
    /// commit before (see <see cref="EventLog"/>).
    /// </summary>
    public long TxStamp { get; set; }
}
