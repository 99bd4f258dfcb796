using TagApi.Core.Tenancy;

namespace TagApi.Core.Webhooks;

/// <summary>
/// One entry of the change log: written in the same transaction as the change it describes, so
/// there is no change without its event and no event without its change. Its id is the sequence
/// receivers and the events API page by.
/// </summary>
public sealed class Event : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string Type { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>The event's <c>data</c> object as JSON text.</summary>
    public required string Data { get; set; }
}
