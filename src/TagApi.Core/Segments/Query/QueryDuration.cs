using System.Globalization;

namespace TagApi.Core.Segments.Query;

/// <summary>The unit of a duration or relative time.</summary>
public enum DurationUnit
{
    /// <summary><c>d</c></summary>
    Days,

    /// <summary><c>h</c></summary>
    Hours,
}

/// <summary>A trailing window ending now, written <c>30d</c> or <c>12h</c>.</summary>
public readonly record struct QueryDuration(int Amount, DurationUnit Unit)
{
    /// <summary>The length in hours, for comparisons across units.</summary>
    public long TotalHours => Unit == DurationUnit.Days ? Amount * 24L : Amount;

    /// <summary>The length as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan ToTimeSpan() => TimeSpan.FromHours(TotalHours);

    /// <summary>Renders <c>30d</c> or <c>12h</c>.</summary>
    public override string ToString() => Amount.ToString(CultureInfo.InvariantCulture) + UnitSuffix(Unit);

    /// <summary>Reads <c>30d</c> or <c>12h</c>; false for anything else, including signs.</summary>
    public static bool TryParse(string text, out QueryDuration duration)
    {
        duration = default;
        if (text.Length < 2 || !TryParseUnit(text[^1], out var unit))
        {
            return false;
        }

        var digits = text[..^1];
        if (!digits.All(char.IsAsciiDigit)
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        duration = new QueryDuration(amount, unit);
        return true;
    }

    internal static string UnitSuffix(DurationUnit unit) => unit == DurationUnit.Days ? "d" : "h";

    internal static bool TryParseUnit(char suffix, out DurationUnit unit)
    {
        unit = char.ToLowerInvariant(suffix) == 'h' ? DurationUnit.Hours : DurationUnit.Days;
        return char.ToLowerInvariant(suffix) is 'd' or 'h';
    }
}
