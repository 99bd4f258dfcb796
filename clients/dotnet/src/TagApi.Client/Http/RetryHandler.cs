using System.Net;
using System.Net.Http.Headers;

namespace TagApi.Client.Http;

/// <summary>
/// Retries a call on 429 and 503 (waiting as <c>Retry-After</c> says, else exponential backoff with jitter), on
/// 409 <c>idempotency_in_flight</c>, and on a connection that failed or dropped before the answer arrived — the
/// last only when repeating is safe: reads, and writes carrying an <c>Idempotency-Key</c>. Every write gets a key
/// before its first attempt unless the caller set one, and the same key goes out on every retry, so the server
/// applies the write once and replays its outcome to the retries.
/// </summary>
public sealed class RetryHandler(TagApiClientOptions options) : DelegatingHandler
{
    /// <summary>The header TagApi deduplicates writes by.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Marks a request as safe to repeat although it carries no idempotency key (the token request).</summary>
    public static readonly HttpRequestOptionsKey<bool> SafeToRepeat = new("TagApi.SafeToRepeat");

    internal static bool IsWrite(HttpMethod method) =>
        method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch || method == HttpMethod.Delete;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var safeToRepeat = request.Options.TryGetValue(SafeToRepeat, out var marked) && marked;
        if (IsWrite(request.Method) && !safeToRepeat && !request.Headers.Contains(IdempotencyKeyHeader))
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, Guid.NewGuid().ToString("N"));
        }

        safeToRepeat |= !IsWrite(request.Method) || request.Headers.Contains(IdempotencyKeyHeader);
        if (request.Content is not null)
        {
            // The body is sent again on a retry, so it must be readable more than once.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (safeToRepeat && attempt < options.MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (attempt >= options.MaxRetries || await RetryDelayAsync(response, attempt, cancellationToken).ConfigureAwait(false) is not { } delay)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TimeSpan?> RetryDelayAsync(HttpResponseMessage response, int attempt, CancellationToken cancellationToken)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable:
                var delay = RetryAfter(response.Headers.RetryAfter) ?? Backoff(attempt);
                return delay <= options.MaxRetryDelay ? delay : null;
            case HttpStatusCode.Conflict when await IsInFlightAsync(response, cancellationToken).ConfigureAwait(false):
                return Backoff(attempt);
            default:
                return null;
        }
    }

    private static async Task<bool> IsInFlightAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != ProblemHandler.ProblemMediaType)
        {
            return false;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var problem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return problem.Contains("\"idempotency_in_flight\"", StringComparison.Ordinal);
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? retryAfter) => retryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt), options.MaxRetryDelay.TotalMilliseconds);
        // "Equal jitter": half fixed, half random, so retries from many clients spread out but never collapse to zero.
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
#pragma warning restore CA5394
    }
}
