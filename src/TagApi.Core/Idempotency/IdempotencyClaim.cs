namespace TagApi.Core.Idempotency;

/// <summary>What a request carrying an <c>Idempotency-Key</c> may do.</summary>
public enum ClaimOutcome
{
    /// <summary>The key is this request's: run it, then store its outcome.</summary>
    Claimed,

    /// <summary>The same request ran before: replay its stored outcome.</summary>
    Replay,

    /// <summary>The key was used for a different request (422).</summary>
    Reused,

    /// <summary>The same request is running right now (409).</summary>
    InFlight,
}

/// <summary>The claim on a key: the record and this request's lease on it, or the stored outcome to replay.</summary>
public sealed record IdempotencyClaim(ClaimOutcome Outcome, long RecordId = 0, string? Owner = null, StoredOutcome? Stored = null);

/// <summary>A request's outcome as stored and replayed: status, the headers that matter, the body byte for byte.</summary>
public sealed record StoredOutcome(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body);
