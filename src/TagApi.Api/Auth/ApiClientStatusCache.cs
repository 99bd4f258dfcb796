using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using TagApi.Core.Data;

namespace TagApi.Api.Auth;

/// <summary>
/// Whether an access token's client is still active. Tokens live an hour; this check lets a
/// revoked client's tokens stop working within <see cref="Lifetime"/> on every instance without a
/// database round trip per request.
/// </summary>
public sealed class ApiClientStatusCache(IServiceScopeFactory scopes, IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public async Task<bool> IsActiveAsync(string clientId, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(clientId), out bool active))
        {
            return active;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        // Cross-tenant by design: the tenant is not trusted until the client behind the token is known to be active.
        active = await db.ApiClients.IgnoreQueryFilters().AnyAsync(c => c.ClientId == clientId && c.DisabledAt == null, ct);
        cache.Set(Key(clientId), active, Lifetime);
        return active;
    }

    /// <summary>Forgets a client's state at once (this instance revoked it).</summary>
    public void Invalidate(string clientId) => cache.Remove(Key(clientId));

    private static string Key(string clientId) => "client-active:" + clientId;
}
