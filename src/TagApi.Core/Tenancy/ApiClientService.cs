using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using TagApi.Core.Common;
using TagApi.Core.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TagApi.Core.Tenancy;

/// <summary>A newly created client: the only moment its secret is ever shown.</summary>
public sealed record CreatedApiClient(ApiClient Client, string ClientSecret);

/// <summary>
/// Manages a tenant's OAuth2 clients. Each client is an OpenIddict application (which stores the
/// hashed secret and checks it at the token endpoint) plus an <see cref="ApiClient"/> row with the
/// tenant and scopes; both are written in one transaction.
/// </summary>
public sealed class ApiClientService(TagApiDbContext db, IOpenIddictApplicationManager applications, TimeProvider clock)
{
    public async Task<Page<ApiClient>> ListAsync(PageRequest page, CancellationToken ct)
    {
        return await db.ApiClients.AsNoTracking().ToPageAsync(page, c => c.Id, ct);
    }

    /// <summary>Creates a client of the current tenant. A caller may only grant scopes it holds itself.</summary>
    public async Task<CreatedApiClient> CreateAsync(string? name, IReadOnlyList<string> scopes, IReadOnlySet<string>? grantable, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        InputRules.CheckText(errors, "name", name, InputRules.NameMaxLength);
        if (scopes.Count == 0)
        {
            errors.Add("scopes", "Give at least one scope.");
        }

        foreach (var scope in scopes)
        {
            if (!Scopes.IsKnown(scope))
            {
                errors.Add("scopes", $"Unknown scope '{scope}'. Known scopes: {string.Join(" ", Scopes.All)}.");
            }
            else if (grantable is not null && !grantable.Contains(scope))
            {
                errors.Add("scopes", $"Scope '{scope}' cannot be granted by a client that does not hold it.");
            }
        }

        errors.ThrowIfAny();
        var clientId = "cli_" + RandomToken(15);
        var secret = "tas_" + RandomToken(32);
        var distinctScopes = scopes.Distinct(StringComparer.Ordinal).ToList();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = name ?? clientId,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var scope in distinctScopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        await using var transaction = await OwnTransaction.BeginAsync(db, ct);
        await applications.CreateAsync(descriptor, ct);
        var client = new ApiClient
        {
            ClientId = clientId,
            Name = name ?? clientId,
            Scopes = string.Join(' ', distinctScopes),
            CreatedAt = clock.UtcNow(),
        };
        db.ApiClients.Add(client);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new CreatedApiClient(client, secret);
    }

    /// <summary>Revokes a client: it can get no new token, and its live tokens stop working within a minute.</summary>
    public async Task DisableAsync(string clientId, CancellationToken ct)
    {
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.ClientId == clientId && c.DisabledAt == null, ct)
            ?? throw new NotFoundException("API client", clientId);
        if (client.ClientId == db.Tenant.ClientId)
        {
            throw new ConflictException("conflict", "A client cannot revoke itself; use another client with clients:manage.");
        }

        await using var transaction = await OwnTransaction.BeginAsync(db, ct);
        if (await applications.FindByClientIdAsync(clientId, ct) is { } application)
        {
            await applications.DeleteAsync(application, ct);
        }

        client.DisabledAt = clock.UtcNow();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static string RandomToken(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
