namespace TagApi.Core.Tenancy;

/// <summary>
/// The tenant and API client a unit of work acts for. Set once per request from the access token
/// (or by the operator CLI and background jobs), read by the DbContext's query filters.
/// </summary>
public sealed class TenantContext
{
    public long? TenantId { get; private set; }

    /// <summary>The OAuth2 client acting, recorded as the source of manual changes.</summary>
    public string? ClientId { get; private set; }

    /// <summary>Scopes granted to the acting client.</summary>
    public IReadOnlySet<string> Scopes { get; private set; } = new HashSet<string>();

    public long RequiredTenantId => TenantId ?? throw new InvalidOperationException("No tenant is set for this unit of work.");

    public void Set(long tenantId, string? clientId = null, IEnumerable<string>? scopes = null)
    {
        if (TenantId is not null && TenantId != tenantId)
        {
            throw new InvalidOperationException("A unit of work cannot switch tenants.");
        }

        TenantId = tenantId;
        ClientId = clientId;
        Scopes = new HashSet<string>(scopes ?? [], StringComparer.Ordinal);
    }

    public bool HasScope(string scope) => Scopes.Contains(scope);
}
