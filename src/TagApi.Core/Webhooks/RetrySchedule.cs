namespace TagApi.Core.Webhooks;

/// <summary>When a failed delivery is tried again: exponential backoff with jitter, for up to three days.</summary>
public static class RetrySchedule
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(3);
    public static readonly TimeSpan DisableAfter = TimeSpan.FromDays(5);
    private static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Longest = TimeSpan.FromHours(6);

    /// <summary>The next attempt after <paramref name="attempts"/> failures, or null once the window has closed.</summary>
    public static DateTime? Next(int attempts, DateTime createdAt, DateTime now, TimeSpan? retryAfter, Random random)
    {
        var exponential = First * Math.Pow(3, Math.Min(attempts - 1, 12));
        var delay = exponential > Longest ? Longest : exponential;
        // ±20 % so receivers that failed together are not retried in lockstep.
        delay *= 0.8 + (random.NextDouble() * 0.4);
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked;
        }

        var next = now + delay;
        return next - createdAt > Window ? null : next;
    }
}
