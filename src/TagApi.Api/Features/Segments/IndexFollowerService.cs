using Microsoft.Extensions.Options;
using TagApi.Core.Data.Coherence;
using TagApi.Core.Segments.Engine;

namespace TagApi.Api.Features.Segments;

/// <summary>
/// Keeps this instance's segment indexes in step with writes made by other instances: at once when one of them
/// announces a commit (<see cref="ChangeSignal"/>, PostgreSQL), and every <see cref="SegmentOptions.FollowMilliseconds"/>
/// in any case; purges old log rows hourly and keeps the indexes within their memory budget.
/// </summary>
public sealed partial class IndexFollowerService(
    IndexFollower follower, SegmentEngine engine, ChangeSignal signal, IOptions<SegmentOptions> options, TimeProvider clock, ILogger<IndexFollowerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Value.FollowMilliseconds);
        var gap = TimeSpan.FromMilliseconds(options.Value.FollowWakeGapMilliseconds);
        var nextPurge = clock.GetUtcNow();
        var nextBudgetCheck = nextPurge;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before the read: an announcement arriving during it wakes the next wait at once.
            var woken = signal.Next;
            var started = clock.GetTimestamp();
            try
            {
                await follower.FollowOnceAsync(stoppingToken);
                if (clock.GetUtcNow() >= nextBudgetCheck)
                {
                    // Indexes grow as they follow writes, not only when built.
                    engine.EnforceMemoryBudget();
                    nextBudgetCheck = clock.GetUtcNow().AddMinutes(1);
                }

                if (clock.GetUtcNow() >= nextPurge)
                {
                    await follower.PurgeAsync(stoppingToken);
                    nextPurge = clock.GetUtcNow().AddHours(1);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }

            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                await Task.WhenAny(woken, Task.Delay(poll, clock, waiting.Token));
                await waiting.CancelAsync();
            }

            stoppingToken.ThrowIfCancellationRequested();
            // A stream of remote writes is followed in batches, not once per commit.
            var rest = gap - clock.GetElapsedTime(started);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, clock, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following the index-change log failed; it is retried next period")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
