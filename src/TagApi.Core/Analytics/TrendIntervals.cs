using System.Globalization;
using TagApi.Core.Common;

namespace TagApi.Core.Analytics;

/// <summary>The UTC intervals of a trend: aligned to whole days, ISO weeks (Monday) or calendar months.</summary>
public sealed record TrendRange(TrendInterval Interval, IReadOnlyList<DateTime> Starts, DateTime End)
{
    /// <summary>The most points a trend may have; a longer range needs a wider interval.</summary>
    public const int MaxPoints = 1000;

    /// <summary>Points when no range is given: the last 30 days, 12 weeks or 12 months.</summary>
    private static int DefaultPoints(TrendInterval interval) => interval == TrendInterval.Day ? 30 : 12;

    /// <summary>The interval a point starts, ends before the next one (or <see cref="End"/>).</summary>
    public DateTime EndOf(int point) => point + 1 < Starts.Count ? Starts[point + 1] : End;

    public static TrendInterval ParseInterval(string? text) => text?.ToLowerInvariant() switch
    {
        null or "" or "day" => TrendInterval.Day,
        "week" => TrendInterval.Week,
        "month" => TrendInterval.Month,
        _ => throw new ValidationFailedException("interval", "interval is day, week or month."),
    };

    /// <summary>Aligns <paramref name="from"/> down and <paramref name="to"/> up to whole intervals.</summary>
    public static TrendRange Of(TrendInterval interval, DateTime? from, DateTime? to, DateTime now)
    {
        var end = (to ?? now).ToUniversalTime();
        var start = Align(interval, (from ?? Step(interval, Align(interval, end), -DefaultPoints(interval) + 1)).ToUniversalTime());
        if (start > end)
        {
            throw new AnalyticsInputException(AnalyticsErrorCodes.InvalidRange, "from", "from must not be after to.");
        }

        var starts = new List<DateTime>();
        for (var s = start; s <= end && (starts.Count == 0 || s < end); s = Step(interval, s, 1))
        {
            if (starts.Count == MaxPoints)
            {
                throw new AnalyticsInputException(
                    AnalyticsErrorCodes.TooManyPoints, "from", $"The range has more than {MaxPoints} {interval.ToString().ToLowerInvariant()}s; narrow it or use a wider interval.");
            }

            starts.Add(s);
        }

        return new TrendRange(interval, starts, Step(interval, starts[^1], 1));
    }

    private static DateTime Align(TrendInterval interval, DateTime t)
    {
        var day = new DateTime(t.Year, t.Month, t.Day, 0, 0, 0, DateTimeKind.Utc);
        return interval switch
        {
            TrendInterval.Day => day,
            TrendInterval.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            _ => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        };
    }

    private static DateTime Step(TrendInterval interval, DateTime t, int count) => interval switch
    {
        TrendInterval.Day => t.AddDays(count),
        TrendInterval.Week => t.AddDays(7 * count),
        _ => t.AddMonths(count),
    };

    /// <summary>The point a UTC day falls in (days are what the database groups by).</summary>
    public int PointOf(DateTime day)
    {
        var index = BinarySearch(day);
        return index >= 0 ? index : ~index - 1;
    }

    private int BinarySearch(DateTime day)
    {
        int low = 0, high = Starts.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var c = Starts[mid].CompareTo(day);
            if (c == 0)
            {
                return mid;
            }

            (low, high) = c < 0 ? (mid + 1, high) : (low, mid - 1);
        }

        return ~low;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Interval} {Starts[0]:O}..{End:O}");
}
