using System.Text.Json;

namespace TagApi.Core.Activities;

/// <summary>An activity as an integrator sends it; the customer is named by id or by external id.</summary>
public sealed record ActivityInput
{
    public string? ExternalId { get; init; }

    public string? Customer { get; init; }

    public string? CustomerExternalId { get; init; }

    public string? Type { get; init; }

    public DateTime? OccurredAt { get; init; }

    public decimal? Amount { get; init; }

    public string? Currency { get; init; }

    public string? Channel { get; init; }

    public JsonElement? Properties { get; init; }
}

/// <summary>What happened to one submitted activity.</summary>
/// <param name="ActivityId">The stored activity (the earlier one, for a duplicate).</param>
/// <param name="CustomerId">The customer it belongs to.</param>
/// <param name="ExternalId">The integrator's id for it, if given.</param>
/// <param name="Duplicate">True when an activity with the same external id was already recorded; nothing changed.</param>
public sealed record ActivityOutcome(long ActivityId, long CustomerId, string? ExternalId, bool Duplicate);
