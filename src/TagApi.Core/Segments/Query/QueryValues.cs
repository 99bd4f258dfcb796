using System.Globalization;

namespace TagApi.Core.Segments.Query;

/// <summary>A literal on the right of a field predicate. <see cref="ToString"/> renders its text form.</summary>
public abstract record QueryValue
{
    /// <summary>The literal as written in canonical query text.</summary>
    public sealed override string ToString() => SegmentQueryFormatter.FormatValue(this);
}

/// <summary>A number such as <c>3</c>, <c>-2</c> or <c>99.5</c>.</summary>
public sealed record NumberValue(decimal Value) : QueryValue;

/// <summary>A single-quoted string such as <c>'Shanghai'</c>.</summary>
public sealed record StringValue(string Value) : QueryValue;

/// <summary>A calendar date such as <c>2026-01-31</c>.</summary>
public sealed record DateValue(DateOnly Value) : QueryValue;

/// <summary><c>true</c> or <c>false</c>; meaningful for <c>attributes.*</c>.</summary>
public sealed record BooleanValue(bool Value) : QueryValue;

/// <summary>
/// A moment relative to evaluation time: <c>-30d</c> (30 days ago), <c>-12h</c>, <c>+7d</c>.
/// <paramref name="Amount"/> carries the sign. Kept unresolved so a saved segment keeps meaning
/// "the last 30 days" as time passes.
/// </summary>
public sealed record RelativeTimeValue(int Amount, DurationUnit Unit) : QueryValue
{
    /// <summary>The offset from now in hours (negative in the past).</summary>
    public long TotalHours => new QueryDuration(Amount, Unit).TotalHours;

    /// <summary>The moment this value denotes when evaluated at <paramref name="now"/>.</summary>
    public DateTimeOffset ResolveAt(DateTimeOffset now) => now.AddHours(TotalHours);

    internal string Text =>
        (Amount < 0 ? "-" : "+") + Math.Abs((long)Amount).ToString(CultureInfo.InvariantCulture)
        + QueryDuration.UnitSuffix(Unit);
}

/// <summary><c>today</c>: the start (00:00 UTC) of the day of evaluation.</summary>
public sealed record TodayValue : QueryValue
{
    /// <summary>The moment this value denotes when evaluated at <paramref name="now"/>.</summary>
    public static DateTimeOffset ResolveAt(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
    }
}
