using System.Text.Json.Nodes;
using TagApi.Core.Common;

namespace TagApi.Core.Customers;

/// <summary>Writable fields of a customer; unset members keep their current value (PATCH) or are cleared (PUT).</summary>
public sealed record CustomerInput
{
    /// <summary>The integrator's own id, unique within the tenant (taken from the path on PUT).</summary>
    public Optional<string> ExternalId { get; init; }

    /// <summary>individual (default) or company.</summary>
    public Optional<CustomerType?> Type { get; init; }

    /// <summary>Full name (PII).</summary>
    public Optional<string?> Name { get; init; }

    /// <summary>E-mail address (PII).</summary>
    public Optional<string?> Email { get; init; }

    /// <summary>Phone number (PII).</summary>
    public Optional<string?> Phone { get; init; }

    /// <summary>Gender as the integrator records it.</summary>
    public Optional<string?> Gender { get; init; }

    /// <summary>Birth date (PII), between 1900-01-01 and today.</summary>
    public Optional<DateOnly?> BirthDate { get; init; }

    /// <summary>Country.</summary>
    public Optional<string?> Country { get; init; }

    /// <summary>Region or province.</summary>
    public Optional<string?> Region { get; init; }

    /// <summary>City.</summary>
    public Optional<string?> City { get; init; }

    /// <summary>Industry, mostly for companies.</summary>
    public Optional<string?> Industry { get; init; }

    /// <summary>online or offline.</summary>
    public Optional<CustomerSource?> Source { get; init; }

    /// <summary>Where exactly the customer came from.</summary>
    public Optional<string?> SourceDetail { get; init; }

    /// <summary>Preferred locale, e.g. zh-CN.</summary>
    public Optional<string?> Locale { get; init; }

    /// <summary>Custom fields. PATCH merges them (a null member deletes that field); PUT and POST replace them.</summary>
    public Optional<JsonObject?> Attributes { get; init; }
}

/// <summary>Filters of the customer list.</summary>
public sealed record CustomerListFilter(string? Tag, string? Search);
