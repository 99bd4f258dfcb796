using TagApi.Core.Segments.Engine;

namespace TagApi.Api.Features.Segments;

/// <summary>
/// Keeps this instance's segment indexes in step with writes made by other instances
/// (<c>Segments:FollowMilliseconds</c>, default 500), and purges old log rows hourly.
/// </summary>
public sealed partial class IndexFollowerService(IndexFollower follower, IConfiguration configuration, ILogger<IndexFollowerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(configuration.GetValue("Segments:FollowMilliseconds", 500)));
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
