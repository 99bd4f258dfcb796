using System.Net;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// Scopes, enumerated from the served OpenAPI document: each operation's security requirement names the
/// scope it needs; a token holding every other scope is refused with a 403 problem naming it, no token
/// with 401, and a token holding exactly the named scopes gets past authorization.
/// </summary>
public abstract class ScopeMatrixTests(SecurityWorld world)
{
    /// <summary>Operations anyone may call; every other one must name its scope.</summary>
    private static readonly string[] Public = ["GET /healthz", "GET /readyz", "POST /connect/token"];

    [Fact]
    public void Every_operation_but_health_names_a_known_scope()
    {
        var unguarded = world.Operations.Where(o => o.Scopes.Count == 0 && !Public.Contains(o.Key)).ToList();
        var unknown = world.Operations.SelectMany(o => o.Scopes.Where(s => !Scopes.IsKnown(s)).Select(s => $"{o}: {s}")).ToList();

        Assert.True(unguarded.Count == 0, "Operations without a security requirement: " + string.Join(", ", unguarded));
        Assert.True(unknown.Count == 0, "Unknown scopes: " + string.Join(", ", unknown));
    }

    [Fact]
    public async Task A_token_lacking_the_operations_scope_is_refused_with_a_problem_naming_it()
    {
        var probe = new Probe();
        foreach (var operation in world.Protected)
        {
            var recipe = RestRecipe.For(operation);
            if (operation.AnyOfScopes)
            {
                // Any of the scopes will do: only a token holding none of them is refused, with a problem naming them.
                var lackingAll = await world.BWithoutAsync([.. operation.Scopes]);
                await probe.CheckAsync(lackingAll, recipe.Build(operation, world.OfB, world.OfB), Probe.Patient,
                    answer => Probe.RefusedAs(403, "forbidden")(answer)
                        ?? (operation.Scopes.Any(s => answer.Json?["detail"]?.GetValue<string>().Contains($"'{s}'", StringComparison.Ordinal) == true) ? null : "the detail names none of the scopes"),
                    $"{operation} without any of {string.Join(' ', operation.Scopes)}");
                continue;
            }

            foreach (var scope in operation.Scopes)
            {
                var lacking = await world.BWithoutAsync(scope);
                await probe.CheckAsync(lacking, recipe.Build(operation, world.OfB, world.OfB), Probe.Patient,
                    answer => Probe.RefusedAs(403, "forbidden")(answer)
                        ?? (answer.Json?["detail"]?.GetValue<string>().Contains($"'{scope}'", StringComparison.Ordinal) == true ? null : $"the detail does not name '{scope}'"),
                    $"{operation} without {scope}");
            }
        }

        probe.AssertNone("tokens lacking the operation's scope");
    }

    [Fact]
    public async Task No_token_is_refused_with_401_and_a_malformed_one_too()
    {
        var probe = new Probe();
        using var anonymous = world.Anonymous();
        using var garbage = world.WithBearer("not-a-jwt");
        using var unsigned = world.WithBearer("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4Iiwic2NvcGUiOiJ0YWdzOnJlYWQifQ.");
        foreach (var operation in world.Protected)
        {
            foreach (var (client, label) in new[] { (anonymous, "no token"), (garbage, "garbage token"), (unsigned, "alg=none token") })
            {
                await probe.CheckAsync(client, RestRecipe.For(operation).Build(operation, world.OfB, world.OfB), Probe.Patient,
                    Probe.RefusedAs(401, "unauthorized"), $"{operation} with {label}");
            }
        }

        probe.AssertNone("requests without a valid token");
    }

    [Fact]
    public async Task A_token_holding_exactly_the_named_scopes_gets_past_authorization()
    {
        var probe = new Probe();
        foreach (var operation in world.Protected)
        {
            // Aimed at tenant A's ids where the operation takes one, so nothing of B's is deleted: past
            // authorization, that is a 404 rather than a 403.
            var client = await world.BWithScopesAsync(operation.Scopes);
            await probe.CheckAsync(client, RestRecipe.For(operation).Build(operation, world.OfA, world.OfB), Probe.Patient,
                answer => answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)answer.Status >= 500 ? "refused or failed" : null,
                $"{operation} with {string.Join(' ', operation.Scopes)}");
        }

        probe.AssertNone("tokens holding exactly the documented scopes");
    }
}

[Collection(SecurityOnSqlite.Name)]
public sealed class ScopeMatrixOnSqlite(SecurityWorldOnSqlite world) : ScopeMatrixTests(world);

[Collection(SecurityOnPostgres.Name)]
public sealed class ScopeMatrixOnPostgres(SecurityWorldOnPostgres world) : ScopeMatrixTests(world);
