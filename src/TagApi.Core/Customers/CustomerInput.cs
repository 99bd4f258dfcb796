using System.Text.Json.Nodes;
using TagApi.Core.Common;

namespace TagApi.Core.Customers;

/// <summary>Writable fields of a customer; unset members keep their current value (PATCH) or are cleared (PUT).</summary>
public sealed record CustomerInput
{
    public Optional<string> ExternalId { get; init; }

    public Optional<CustomerType?> Type { get; init; }

    public Optional<string?> Name { get; init; }

    public Optional<string?> Email { get; init; }

    public Optional<string?> Phone { get; init; }

    public Optional<string?> Gender { get; init; }

    public Optional<DateOnly?> BirthDate { get; init; }

    public Optional<string?> Country { get; init; }

    public Optional<string?> Region { get; init; }

    public Optional<string?> City { get; init; }

    public Optional<string?> Industry { get; init; }

    public Optional<CustomerSource?> Source { get; init; }

    public Optional<string?> SourceDetail { get; init; }

    public Optional<string?> Locale { get; init; }

    /// <summary>Custom fields. PATCH merges them (a null member deletes that field); PUT and POST replace them.</summary>
    public Optional<JsonObject?> Attributes { get; init; }
}

/// <summary>Filters of the customer list.</summary>
public sealed record CustomerListFilter(string? Tag, string? Search);
