namespace TagApi.Core.Common;

/// <summary>Time as TagApi stores it.</summary>
public static class Clock
{
    /// <summary>
    /// Now in UTC, cut to whole microseconds: the finest precision every supported database keeps,
    /// so a value reads back exactly as it was written.
    /// </summary>
    public static DateTime UtcNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }
}
