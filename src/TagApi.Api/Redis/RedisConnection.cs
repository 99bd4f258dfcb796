using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TagApi.Api.Redis;

/// <summary>
/// The node's one connection to the shared Redis, when <see cref="RedisOptions.Configuration"/> is set. It connects in
/// the background and reconnects by itself; until it is connected, and whenever a call fails, callers use what the node
/// has of its own (<see cref="Database"/> is null) and <see cref="Health"/> says the node is degraded — Redis being
/// away never fails a request.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(10);
    private readonly RedisOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RedisConnection> _logger;
    private readonly Task<ConnectionMultiplexer>? _connecting;
    private long _lastFailure = long.MinValue;

    public RedisConnection(IOptions<RedisOptions> options, TimeProvider clock, ILogger<RedisConnection> logger)
    {
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        if (!string.IsNullOrWhiteSpace(_options.Configuration))
        {
            var configuration = ConfigurationOptions.Parse(_options.Configuration);
            configuration.AbortOnConnectFail = false;
            // Queued commands would hold requests while Redis is away; fail them at once and use the local buckets.
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            configuration.ConnectTimeout = _options.TimeoutMilliseconds;
            configuration.AsyncTimeout = _options.TimeoutMilliseconds;
            configuration.SyncTimeout = _options.TimeoutMilliseconds;
            configuration.ClientName ??= "tagapi";
            _connecting = ConnectionMultiplexer.ConnectAsync(configuration);
        }
    }

    /// <summary>Whether Redis is configured at all.</summary>
    public bool Configured => _connecting is not null;

    /// <summary>The key prefix every key TagApi writes begins with.</summary>
    public string KeyPrefix => _options.KeyPrefix;

    /// <summary>The database to call, or null while Redis is not configured, not (yet) connected, or just failed.</summary>
    public IDatabase? Database =>
        _connecting is { IsCompletedSuccessfully: true } && _connecting.Result.IsConnected && !FailedRecently()
            ? _connecting.Result.GetDatabase()
            : null;

    /// <summary><c>ok</c>, <c>not configured</c>, or what is wrong (the node then limits rates on its own).</summary>
    public string Health => _connecting switch
    {
        null => "not configured",
        { IsFaulted: true } => "degraded: " + _connecting.Exception?.GetBaseException().Message,
        { IsCompletedSuccessfully: false } => "degraded: connecting",
        _ when !_connecting.Result.IsConnected => "degraded: disconnected",
        _ when FailedRecently() => "degraded: a call failed in the last " + FailureMemory.TotalSeconds + " s",
        _ => "ok",
    };

    /// <summary>Records a failed call: for a short while the node stops asking Redis, so an outage costs each request nothing.</summary>
    public void ReportFailure(Exception error)
    {
        Interlocked.Exchange(ref _lastFailure, _clock.GetTimestamp());
        LogCallFailed(_logger, error);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connecting is { IsCompletedSuccessfully: true })
        {
            await _connecting.Result.DisposeAsync();
        }
    }

    private bool FailedRecently()
    {
        var last = Interlocked.Read(ref _lastFailure);
        return last != long.MinValue && _clock.GetElapsedTime(last) < FailureMemory;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Redis call failed; this node limits rates on its own for a while")]
    private static partial void LogCallFailed(ILogger logger, Exception error);
}
