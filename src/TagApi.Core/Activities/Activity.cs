using TagApi.Core.Tenancy;

namespace TagApi.Core.Activities;

/// <summary>
/// One thing a customer did: a purchase, an interaction, a visit or a custom type. Append-only;
/// the behaviour windows of the query language and the customer's metrics are built from these.
/// </summary>
public sealed class Activity : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long CustomerId { get; set; }

    /// <summary>The integrator's id for the activity (an order number…); a second activity with the same one is ignored.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Lower-case slug: <c>purchase</c>, <c>interaction</c>, <c>visit</c> or a custom type.</summary>
    public required string Type { get; set; }

    /// <summary>Lower-case slug such as <c>email</c>, <c>store</c> or <c>app</c>.</summary>
    public string? Channel { get; set; }

    public DateTime OccurredAt { get; set; }

    public decimal? Amount { get; set; }

    /// <summary>ISO 4217 code, upper case.</summary>
    public string? Currency { get; set; }

    /// <summary>Free JSON object text.</summary>
    public string Properties { get; set; } = "{}";

    public DateTime RecordedAt { get; set; }
}
