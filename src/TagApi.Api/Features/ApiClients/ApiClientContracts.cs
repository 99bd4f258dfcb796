using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.ApiClients;

/// <summary>An integration's OAuth2 client.</summary>
/// <param name="ClientId">The OAuth2 client id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Scopes">Granted scopes.</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
/// <param name="DisabledAt">When it was revoked, if it was.</param>
public sealed record ApiClientResponse(string ClientId, string Name, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? DisabledAt)
{
    public static ApiClientResponse From(ApiClient c) => new(c.ClientId, c.Name, c.ScopeList, c.CreatedAt, c.DisabledAt);
}

/// <summary>A new client; its secret is in this response and never again.</summary>
/// <param name="ClientId">The OAuth2 client id.</param>
/// <param name="ClientSecret">The OAuth2 client secret. Store it now: it cannot be shown again.</param>
/// <param name="Name">Display name.</param>
/// <param name="Scopes">Granted scopes.</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
public sealed record CreatedApiClientResponse(string ClientId, string ClientSecret, string Name, IReadOnlyList<string> Scopes, DateTime CreatedAt);

/// <summary>A new client for an integration.</summary>
/// <param name="Scopes">Scopes to grant; the caller must hold each of them.</param>
/// <param name="Name">Display name.</param>
public sealed record CreateApiClientRequest(IReadOnlyList<string> Scopes, string? Name = null);
