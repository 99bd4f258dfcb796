using System.Text.Json.Nodes;
using TagApi.Core.Common;
using TagApi.Core.Customers;

namespace TagApi.Api.Features.Customers;

/// <summary>A customer. PII fields (name, email, phone, birthDate) are null unless the token has <c>customers:pii</c>.</summary>
/// <param name="Id">Opaque id (<c>cus_…</c>).</param>
/// <param name="ExternalId">The integrator's own id, unique within the tenant.</param>
/// <param name="Type">individual or company.</param>
/// <param name="Name">Full name (PII).</param>
/// <param name="Email">E-mail address (PII).</param>
/// <param name="Phone">Phone number (PII).</param>
/// <param name="Gender">Gender as the integrator records it.</param>
/// <param name="BirthDate">Birth date (PII).</param>
/// <param name="Country">Country.</param>
/// <param name="Region">Region or province.</param>
/// <param name="City">City.</param>
/// <param name="Industry">Industry, mostly for companies.</param>
/// <param name="Source">online or offline.</param>
/// <param name="SourceDetail">Where exactly the customer came from.</param>
/// <param name="Locale">Preferred locale, e.g. zh-CN.</param>
/// <param name="Attributes">Custom fields.</param>
/// <param name="Metrics">Aggregates maintained from activities.</param>
/// <param name="Tags">Keys of the tags the customer holds.</param>
/// <param name="Version">Grows with every change to the customer or its tags.</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
/// <param name="UpdatedAt">Last change of the customer's fields (UTC).</param>
public sealed record CustomerResponse(
    string Id, string ExternalId, CustomerType Type, string? Name, string? Email, string? Phone, string? Gender, DateOnly? BirthDate,
    string? Country, string? Region, string? City, string? Industry, CustomerSource? Source, string? SourceDetail, string? Locale,
    JsonObject Attributes, CustomerMetricsResponse Metrics, IReadOnlyList<string> Tags, long Version, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static CustomerResponse From(Customer c, IReadOnlyList<string> tags, bool showPii) => new(
        PublicId.Encode(IdPrefixes.Customer, c.Id), c.ExternalId, c.Type,
        showPii ? c.Name : null, showPii ? c.Email : null, showPii ? c.Phone : null, c.Gender, showPii ? c.BirthDate : null,
        c.Country, c.Region, c.City, c.Industry, c.Source, c.SourceDetail, c.Locale,
        JsonNode.Parse(c.Attributes) as JsonObject ?? [],
        new CustomerMetricsResponse(c.Metrics.TotalSpent, c.Metrics.OrderCount, c.Metrics.FirstOrderAt, c.Metrics.LastOrderAt, c.Metrics.LastActivityAt),
        tags, c.Version, c.CreatedAt, c.UpdatedAt);

    /// <summary>
    /// The customer's value (RFM scores, predicted value, docs/customer-value.md), given by the single-customer reads
    /// (<c>GET /v1/customers/{id}</c> and by external id) with <c>include=value</c>; absent otherwise.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Features.Value.CustomerValueResponse? Value { get; init; }
}

/// <summary>Aggregates maintained from the customer's activities.</summary>
/// <param name="TotalSpent">Sum of purchase amounts.</param>
/// <param name="OrderCount">Number of purchases.</param>
/// <param name="FirstOrderAt">First purchase.</param>
/// <param name="LastOrderAt">Latest purchase.</param>
/// <param name="LastActivityAt">Latest activity of any type.</param>
public sealed record CustomerMetricsResponse(decimal TotalSpent, int OrderCount, DateTime? FirstOrderAt, DateTime? LastOrderAt, DateTime? LastActivityAt);

/// <summary>Filters of the customer list.</summary>
public sealed record CustomerListQuery
{
    /// <summary>Only customers holding this tag (id or key).</summary>
    public string? Tag { get; init; }

    /// <summary>Text in the external id (and, with <c>customers:pii</c>, in the name or e-mail).</summary>
    public string? Q { get; init; }

    /// <summary>A segment query, e.g. <c>tag = 'vip' AND city = 'Shanghai'</c>; answered from the segment index.</summary>
    public string? Query { get; init; }
}
