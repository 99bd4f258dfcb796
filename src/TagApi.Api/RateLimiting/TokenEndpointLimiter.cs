using System.Globalization;
using Microsoft.Extensions.Options;

namespace TagApi.Api.RateLimiting;

/// <summary>
/// The token endpoint's four buckets: every attempt is charged to its client id and its source address,
/// and takes a token from the failure buckets of both, which it gives back if it succeeds. An attempt finding any
/// bucket empty is refused before its secret is checked (secret hashing is deliberately slow, so
/// unlimited guessing also costs CPU).
/// </summary>
public sealed class TokenEndpointLimiter(IOptionsMonitor<RateLimitOptions> options, TimeProvider clock)
{
    private readonly BucketTable _clients = new(() => options.CurrentValue.Token.Client, clock);
    private readonly BucketTable _addresses = new(() => options.CurrentValue.Token.Address, clock);
    private readonly BucketTable _clientFailures = new(() => options.CurrentValue.Token.ClientFailures, clock);
    private readonly BucketTable _addressFailures = new(() => options.CurrentValue.Token.AddressFailures, clock);

    /// <summary>Charges an attempt; <see cref="TokenAttempt.Allowed"/> is false when a bucket was empty (nothing is charged then).</summary>
    public TokenAttempt Begin(string? clientId, string address)
    {
        // Attempts without a client id share one bucket; they fail anyway.
        var client = clientId ?? "";
        var buckets = new ChargedBucket[]
        {
            new("token-client", _clients.For(client), Failure: false),
            new("token-address", _addresses.For(address), Failure: false),
            new("token-client-failures", _clientFailures.For(client), Failure: true),
            new("token-address-failures", _addressFailures.For(address), Failure: true),
        };
        for (var i = 0; i < buckets.Length; i++)
        {
            if (!buckets[i].Bucket.TryTake())
            {
                for (var taken = 0; taken < i; taken++)
                {
                    buckets[taken].Bucket.GiveBack();
                }

                var (_, toNext, _) = buckets[i].Bucket.State();
                return new TokenAttempt(buckets, allowed: false, TimeSpan.FromSeconds(Math.Max(1, toNext)));
            }
        }

        return new TokenAttempt(buckets, allowed: true, TimeSpan.Zero);
    }
}

/// <summary>A bucket an attempt was charged to, named as in the <c>RateLimit-Policy</c> header.</summary>
public sealed record ChargedBucket(string Policy, TokenBucket Bucket, bool Failure);

/// <summary>An attempt at the token endpoint, charged to its buckets unless it was refused.</summary>
public sealed class TokenAttempt(IReadOnlyList<ChargedBucket> buckets, bool allowed, TimeSpan retryAfter)
{
    private int _completed;

    public bool Allowed { get; } = allowed;

    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>Settles an allowed attempt once: one that did not fail gives its failure tokens back.</summary>
    public void Complete(bool failed)
    {
        if (!Allowed || Interlocked.Exchange(ref _completed, 1) == 1 || failed)
        {
            return;
        }

        foreach (var charged in buckets)
        {
            if (charged.Failure)
            {
                charged.Bucket.GiveBack();
            }
        }
    }

    /// <summary>The IETF <c>RateLimit-Policy</c> and <c>RateLimit</c> headers for every bucket of the attempt.</summary>
    public void WriteHeaders(IHeaderDictionary headers)
    {
        var policies = new List<string>(buckets.Count);
        var states = new List<string>(buckets.Count);
        foreach (var charged in buckets)
        {
            var limit = charged.Bucket.Limit;
            var (remaining, _, toFull) = charged.Bucket.State();
            var window = (int)Math.Ceiling(limit.Burst * 60.0 / limit.PerMinute);
            policies.Add(string.Create(CultureInfo.InvariantCulture, $"\"{charged.Policy}\";q={limit.Burst};w={window}"));
            states.Add(string.Create(CultureInfo.InvariantCulture, $"\"{charged.Policy}\";r={remaining};t={toFull}"));
        }

        headers["RateLimit-Policy"] = string.Join(", ", policies);
        headers["RateLimit"] = string.Join(", ", states);
    }
}
