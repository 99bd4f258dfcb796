using System.Threading.Channels;
using TagApi.Core.Data.Coherence;
using TagApi.Core.Data.Saving;

namespace TagApi.Api.Features.Segments;

/// <summary>
/// Announces this node's commits to the other nodes and raises <see cref="ChangeSignal"/> when they announce theirs
/// (where the database offers a <see cref="ICommitChannel"/>). Announcements are folded: however many commits happen
/// while one is being sent, one more follows it, which is all a follower needs to read them all.
/// </summary>
public sealed partial class CommitBroadcastService(
    ICommitChannel channel, CommitNotifications commits, ChangeSignal signal, ILogger<CommitBroadcastService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private readonly Channel<bool> _owed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        commits.Committed += Owe;
        try
        {
            await Task.WhenAll(AnnounceAsync(stoppingToken), ListenAsync(stoppingToken));
        }
        finally
        {
            commits.Committed -= Owe;
        }
    }

    private void Owe(CommittedChange change) => _owed.Writer.TryWrite(true);

    private async Task AnnounceAsync(CancellationToken ct)
    {
        await foreach (var _ in _owed.Reader.ReadAllAsync(ct))
        {
            try
            {
                await channel.AnnounceAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The others' polls catch up with what this announcement was for.
                LogAnnounceFailed(logger, e);
            }
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await channel.ListenAsync(signal.Raise, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogListenFailed(logger, e);
                await Task.Delay(RetryAfter, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing a commit to the other nodes failed; they catch up at their next poll")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other nodes' commits failed; listening again shortly (polling goes on meanwhile)")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
