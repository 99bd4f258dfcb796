using Microsoft.Extensions.Options;
using TagApi.Core.Segments.Engine;

namespace TagApi.Api.Features.Segments;

/// <summary>
/// Keeps this instance's segment indexes in step with writes made by other instances
/// (every <see cref="SegmentOptions.FollowMilliseconds"/>), and purges old log rows hourly.
/// </summary>
public sealed partial class IndexFollowerService(IndexFollower follower, IOptions<SegmentOptions> options, ILogger<IndexFollowerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.FollowMilliseconds));
        var nextPurge = DateTime.UtcNow;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await follower.FollowOnceAsync(stoppingToken);
                if (DateTime.UtcNow >= nextPurge)
                {
                    await follower.PurgeAsync(stoppingToken);
                    nextPurge = DateTime.UtcNow.AddHours(1);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following the index-change log failed; it is retried next period")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
