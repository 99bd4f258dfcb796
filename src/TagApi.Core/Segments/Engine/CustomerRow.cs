using System.Text.Json;
using TagApi.Core.Customers;

namespace TagApi.Core.Segments.Engine;

/// <summary>What the index keeps of a customer to answer field predicates: immutable, replaced whole on change.</summary>
public sealed record CustomerRow(
    long Id, CustomerType Type, string? Gender, DateOnly? BirthDate, string? Country, string? Region, string? City, string? Industry,
    CustomerSource? Source, string? Locale, DateTime CreatedAt, decimal TotalSpent, int OrderCount, DateTime? FirstOrderAt,
    DateTime? LastOrderAt, DateTime? LastActivityAt, IReadOnlyDictionary<string, JsonElement> Attributes)
{
    private readonly ActivityTimeline _activities = ActivityTimeline.Empty;

    /// <summary>The customer's activities, for the behaviour aggregates.</summary>
    public ActivityTimeline Activities
    {
        get => _activities;
        init
        {
            _activities = value;
            NewestActivityTicks = value.NewestTicks;
        }
    }

    /// <summary>
    /// When the newest activity happened (0 without one), kept on the row itself: a window scan
    /// over a million customers rejects the ones with nothing recent without touching their timelines.
    /// </summary>
    public long NewestActivityTicks { get; private init; }

    /// <summary>
    /// The customer's version (its concurrency token) when this row was read. A rule's decision made on this row holds
    /// only while the customer is still at this version (see <see cref="Rules.RuleChangeWriter"/>).
    /// </summary>
    public long Version { get; init; }

    public static CustomerRow From(Customer c) => new(
        c.Id, c.Type, c.Gender, c.BirthDate, c.Country, c.Region, c.City, c.Industry, c.Source, c.Locale, c.CreatedAt,
        c.Metrics.TotalSpent, c.Metrics.OrderCount, c.Metrics.FirstOrderAt, c.Metrics.LastOrderAt, c.Metrics.LastActivityAt,
        ParseAttributes(c.Attributes))
    {
        Version = c.Version,
    };

    /// <summary>Top-level attributes; nested objects stay as elements and are reached by dotted paths.</summary>
    public static IReadOnlyDictionary<string, JsonElement> ParseAttributes(string json)
    {
        if (json is "{}" or "")
        {
            return Empty;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private static readonly IReadOnlyDictionary<string, JsonElement> Empty = new Dictionary<string, JsonElement>();
}
