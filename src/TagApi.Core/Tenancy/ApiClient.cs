namespace TagApi.Core.Tenancy;

/// <summary>
/// An integration of a tenant: an OAuth2 client-credentials client. The secret itself lives,
/// hashed, in the OpenIddict application with the same client id; this row holds what TagApi
/// needs to know about the client (tenant, scopes, name, state).
/// </summary>
public sealed class ApiClient : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string ClientId { get; set; }

    public required string Name { get; set; }

    /// <summary>Granted scopes, space separated as in OAuth2.</summary>
    public required string Scopes { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DisabledAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
