namespace TagApi.Core.Webhooks;

/// <summary>
/// What a dispatcher asks of the provider's claim (<see cref="Data.TagApiDbContext.ClaimDeliveriesAsync"/>): up to
/// <paramref name="BatchSize"/> pending deliveries due by <paramref name="Now"/> and not held by another dispatcher's
/// lease, leased to this one until <paramref name="Until"/>.
/// </summary>
/// <param name="Now">The dispatcher's clock: deliveries due by then, leases lapsed before then, are claimable.</param>
/// <param name="Until">The lease the claim sets.</param>
/// <param name="BatchSize">At most this many deliveries.</param>
/// <param name="Room">How many more each endpoint may take; a provider that cannot claim per endpoint ignores it.</param>
public sealed record DeliveryClaim(DateTime Now, DateTime Until, int BatchSize, EndpointRoom Room);

/// <summary>How many more deliveries each endpoint may have claimed: the listed endpoints their own figure, any other <see cref="Default"/>.</summary>
/// <param name="Endpoints">Endpoint ids with a figure of their own.</param>
/// <param name="Rooms">Their figures, index for index (0 = skip the endpoint).</param>
/// <param name="Default">The figure of every endpoint not listed.</param>
public sealed record EndpointRoom(long[] Endpoints, int[] Rooms, int Default)
{
    public static EndpointRoom Everywhere(int room) => new([], [], room);
}

/// <summary>
/// One row of <see cref="Data.TagApiDbContext.ClaimDeliveriesWithEventsAsync"/>: a claimed delivery, its event and its
/// endpoint (the endpoint columns are null when the endpoint is gone). Read by name from the provider's statement.
/// </summary>
public sealed class ClaimedDeliveryRow
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long EndpointId { get; set; }

    public long EventId { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public string EventType { get; set; } = "";

    public DateTime EventOccurredAt { get; set; }

    public string EventData { get; set; } = "";

    public string? EndpointUrl { get; set; }

    public string? EndpointSecret { get; set; }

    public string? EndpointPreviousSecret { get; set; }

    public DateTime? EndpointPreviousSecretUntil { get; set; }

    public bool EndpointEnabled { get; set; }
}
