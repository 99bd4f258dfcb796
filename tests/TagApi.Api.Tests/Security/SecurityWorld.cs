using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// The security suite's shared server for one provider: started once, with tenant A (the owner, whose
/// data must never move or show) and tenant B (the stranger, probing with every scope) seeded once, the
/// OpenAPI document read once, and one client per scope set the matrices need.
/// </summary>
public abstract class SecurityWorld(TagApiFactory factory) : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Task<HttpClient>> _byScopes = new(StringComparer.Ordinal);

    public TagApiFactory Factory { get; } = factory;

    public TenantSession A { get; private set; } = null!;

    public TenantSession B { get; private set; } = null!;

    public SeededTenant OfA { get; private set; } = null!;

    public SeededTenant OfB { get; private set; } = null!;

    /// <summary>Every operation of the served <c>/openapi/v1.json</c>.</summary>
    public IReadOnlyList<OpenApiOperation> Operations { get; private set; } = [];

    /// <summary>
    /// The operations the matrices probe: those needing a scope, for which a request can be built (one that
    /// cannot is reported by the recipe coverage test alone, rather than failing every matrix).
    /// </summary>
    public IEnumerable<OpenApiOperation> Protected => Operations.Where(o => o.Scopes.Count > 0 && RestRecipe.MissingFor(o) is null);

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        A = await Factory.CreateTenantAsync();
        B = await Factory.CreateTenantAsync();
        OfA = await SeededTenant.SeedAsync(A, "a");
        OfB = await SeededTenant.SeedAsync(B, "b");
        using var anonymous = Factory.CreateClient();
        Operations = OpenApiOperation.AllOf(JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!);

        // The GraphQL schema is built on its first request; built here, that cost is not charged to a bounded probe.
        await B.GraphQLAsync("{ __typename tags(first: 1) { edges { cursor } } }");
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _byScopes.Values)
        {
            (await client).Dispose();
        }

        await Factory.DisposeAsync();
    }

    /// <summary>A client of tenant B whose token carries exactly <paramref name="scopes"/> (one API client per distinct set).</summary>
    public Task<HttpClient> BWithScopesAsync(IEnumerable<string> scopes)
    {
        var set = scopes.Distinct().Order(StringComparer.Ordinal).ToArray();
        return _byScopes.GetOrAdd(string.Join(' ', set), async _ => (await B.WithClientAsync(set)).Http);
    }

    /// <summary>A client of tenant B holding every scope but <paramref name="missing"/>.</summary>
    public Task<HttpClient> BWithoutAsync(params string[] missing) => BWithScopesAsync(Scopes.All.Except(missing));

    /// <summary>A client with no token at all.</summary>
    public HttpClient Anonymous() => Factory.CreateClient();

    /// <summary>A client with the given bearer token text, for malformed-token probes.</summary>
    public HttpClient WithBearer(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The server's services, e.g. the GraphQL schema with the scope each field needs.</summary>
    public T Service<T>() where T : notnull => Factory.Services.GetRequiredService<T>();
}

/// <summary>The security suite on SQLite.</summary>
public sealed class SecurityWorldOnSqlite() : SecurityWorld(new SqliteTagApiFactory());

/// <summary>The security suite on PostgreSQL.</summary>
public sealed class SecurityWorldOnPostgres() : SecurityWorld(new PostgresTagApiFactory());

[CollectionDefinition(Name)]
public sealed class SecurityOnSqlite : ICollectionFixture<SecurityWorldOnSqlite>
{
    public const string Name = "Security suite on SQLite";
}

[CollectionDefinition(Name)]
public sealed class SecurityOnPostgres : ICollectionFixture<SecurityWorldOnPostgres>
{
    public const string Name = "Security suite on PostgreSQL";
}
