using Microsoft.Extensions.Options;
using TagApi.Core.TagAssignments;

namespace TagApi.Api.Features.TagAssignments;

/// <summary>Runs the expiry sweep on a fixed period (<see cref="TagExpiryOptions.SweepSeconds"/>).</summary>
public sealed partial class TagExpirySweeper(TagExpiry expiry, IOptions<TagExpiryOptions> options, ILogger<TagExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var expired = await expiry.SweepAsync(stoppingToken);
                if (expired > 0)
                {
                    LogExpired(logger, expired);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} expired tag assignment(s)")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tag expiry sweep failed; it runs again next period")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
