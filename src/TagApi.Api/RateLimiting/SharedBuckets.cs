using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using TagApi.Api.Redis;
using TagApi.Core.Telemetry;

namespace TagApi.Api.RateLimiting;

/// <summary>
/// Token buckets kept in Redis, so that every node charges one bucket per caller. A take is one script, atomic in
/// Redis: it refills the bucket by the time elapsed on Redis's clock (nodes' clocks may differ), takes the tokens if
/// they are there, and lets the key expire once the bucket would be full again (a missing key is a full bucket).
/// </summary>
public sealed class SharedBuckets(RedisConnection redis)
{
    // KEYS[1] bucket; ARGV: burst, tokens per second, tokens to take (0 = look only).
    // Returns { allowed (1|0), tokens left as a string (a Lua number returned as such would be truncated) }.
    private const string TakeScript = """
        local burst = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local take = tonumber(ARGV[3])
        local now = redis.call('TIME')
        local micros = tonumber(now[1]) * 1000000 + tonumber(now[2])
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1]) or burst
        local at = tonumber(state[2]) or micros
        if micros > at then
            tokens = math.min(burst, tokens + (micros - at) * rate / 1000000)
        end
        local allowed = 0
        if take == 0 then
            if tokens >= 1 then allowed = 1 end
        elseif tokens >= take then
            tokens = tokens - take
            allowed = 1
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(micros))
        redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
        return { allowed, tostring(tokens) }
        """;

    /// <summary>Takes <paramref name="tokens"/> (0 to look only) from the caller's shared bucket; null when Redis cannot answer now.</summary>
    public async ValueTask<RateLimitState?> TryTakeAsync(string caller, CallerLimit limit, int tokens)
    {
        if (redis.Database is not { } database)
        {
            return null;
        }

        // StackExchange.Redis traces nothing itself; one client span per take shows Redis's share of a request's time.
        using var span = TagApiTelemetry.Activities.StartActivity("redis.ratelimit.take", ActivityKind.Client);
        span?.SetTag("db.system.name", "redis");
        span?.SetTag("db.operation.name", "EVAL");
        try
        {
            var result = (RedisResult[])(await database.ScriptEvaluateAsync(
                TakeScript,
                [new RedisKey(redis.KeyPrefix + "ratelimit:" + caller)],
                [limit.Burst, limit.PermitsPerSecond, tokens]))!;
            var allowed = (int)result[0] == 1;
            var left = double.Parse((string)result[1]!, CultureInfo.InvariantCulture);
            return limit.State(allowed, left, Math.Max(1, tokens));
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            span?.SetStatus(ActivityStatusCode.Error, error.Message);
            redis.ReportFailure(error);
            return null;
        }
    }
}
