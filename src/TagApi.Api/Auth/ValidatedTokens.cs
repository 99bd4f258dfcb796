using System.Collections.Concurrent;
using System.Security.Claims;
using OpenIddict.Abstractions;

namespace TagApi.Api.Auth;

/// <summary>
/// Access tokens this instance has validated, with the principal OpenIddict produced, until each
/// token expires. Checking a JWT costs an RSA signature check and OpenIddict's validation pipeline
/// (a quarter of the CPU of a customer read under load); a client sends the same token for an hour.
/// What a cached principal skips never changes for a given token: its signature, issuer (fixed by
/// configuration, not taken from the request), audience and type; its lifetime is honoured here. Revocation is not decided here but after authentication,
/// on every request, by <see cref="ApiClientStatusCache"/>, so a revoked client's tokens stop as before.
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock)
{
    // A ceiling on memory, far above the tokens that are alive at once in practice (one per client and hour).
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _count;

    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(token, out var entry))
        {
            if (clock.GetUtcNow() < entry.Expires)
            {
                principal = entry.Principal;
                return true;
            }

            Forget(token, entry);
        }

        principal = null!;
        return false;
    }

    /// <summary>Keeps a principal OpenIddict accepted for this token until the token's expiry.</summary>
    public void Remember(string token, ClaimsPrincipal principal)
    {
        if (principal.GetExpirationDate() is not { } expires || expires <= clock.GetUtcNow())
        {
            return;
        }

        if (Interlocked.Increment(ref _count) > MaxEntries)
        {
            // Rare by design (see MaxEntries): start again rather than track recency on every hit.
            _entries.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        if (!_entries.TryAdd(token, new Entry(principal, expires)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private void Forget(string token, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, Entry>(token, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Expires);
}
