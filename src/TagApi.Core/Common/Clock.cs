namespace TagApi.Core.Common;

/// <summary>Time as TagApi stores it.</summary>
public static class Clock
{
    /// <summary>
    /// Now in UTC, cut to whole microseconds: the finest precision every supported database keeps,
    /// so a value reads back exactly as it was written.
    /// </summary>
    public static DateTime UtcNow(this TimeProvider clock) => Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>A UTC time cut to whole microseconds, for the same reason as <see cref="UtcNow"/>.</summary>
    public static DateTime Truncate(DateTime utc) => utc.AddTicks(-(utc.Ticks % 10));
}
