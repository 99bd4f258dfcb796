using System.Text.Json;
using TagApi.Core.Customers;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// What the index keeps of a customer to answer field predicates: immutable, replaced whole on change. A million of
/// them stay in memory, so the enums, the birth date and the optional moments are stored packed (a byte, a day
/// number, binary date-times) behind the properties.
/// </summary>
public sealed record CustomerRow(
    long Id, CustomerType Type, string? Gender, DateOnly? BirthDate, string? Country, string? Region, string? City, string? Industry,
    CustomerSource? Source, string? Locale, DateTime CreatedAt, decimal TotalSpent, int OrderCount, DateTime? FirstOrderAt,
    DateTime? LastOrderAt, DateTime? LastActivityAt, IReadOnlyDictionary<string, JsonElement> Attributes)
{
    private const long NoMoment = long.MinValue;
    private const int NoDay = -1;
    private readonly ActivityTimeline _activities = ActivityTimeline.Empty;
    private readonly byte _type = (byte)Type;
    private readonly sbyte _source = Source is { } source ? (sbyte)source : (sbyte)-1;
    private readonly int _birthDay = BirthDate?.DayNumber ?? NoDay;
    private readonly long _firstOrderAt = Pack(FirstOrderAt);
    private readonly long _lastOrderAt = Pack(LastOrderAt);
    private readonly long _lastActivityAt = Pack(LastActivityAt);

    public CustomerType Type { get => (CustomerType)_type; init => _type = (byte)value; }

    public CustomerSource? Source { get => _source < 0 ? null : (CustomerSource)_source; init => _source = value is { } v ? (sbyte)v : (sbyte)-1; }

    public DateOnly? BirthDate { get => _birthDay == NoDay ? null : DateOnly.FromDayNumber(_birthDay); init => _birthDay = value?.DayNumber ?? NoDay; }

    public DateTime? FirstOrderAt { get => Unpack(_firstOrderAt); init => _firstOrderAt = Pack(value); }

    public DateTime? LastOrderAt { get => Unpack(_lastOrderAt); init => _lastOrderAt = Pack(value); }

    public DateTime? LastActivityAt { get => Unpack(_lastActivityAt); init => _lastActivityAt = Pack(value); }

    /// <summary>The heap one row object takes (header and fields; what its references point to is counted apart).</summary>
    internal const long HeapBytes = 168;

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

    // The binary form keeps the kind (UTC or unspecified) with the ticks.
    private static long Pack(DateTime? at) => at is { } a ? a.ToBinary() : NoMoment;

    private static DateTime? Unpack(long packed) => packed == NoMoment ? null : DateTime.FromBinary(packed);

    /// <summary>Top-level attributes; nested objects stay as JSON and are reached by dotted paths.</summary>
    public static IReadOnlyDictionary<string, JsonElement> ParseAttributes(string json) => PackedAttributeDictionary.Parse(json);
}
