using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// Broken object-level authorization, enumerated from the served OpenAPI document: tenant B, holding every
/// scope, aims each operation at tenant A's resources — in the path, in bodies and filters, and with A's
/// cursors — and must find nothing, change nothing and read nothing of A's.
/// </summary>
public abstract class BolaMatrixTests(SecurityWorld world)
{
    [Fact]
    public void Every_operation_of_the_document_can_be_built_from_the_recipes()
    {
        Assert.True(world.Operations.Count >= 40, $"the document lists only {world.Operations.Count} operations");
        var missing = world.Operations.Select(RestRecipe.MissingFor).OfType<string>().ToList();
        var stale = RestRecipe.ByOperation.Keys.Except(world.Operations.Select(o => o.Key)).ToList();

        Assert.True(missing.Count == 0, "Add a line to RestRecipe.ByOperation (or SeededTenant.ByCollection):\n" + string.Join('\n', missing));
        Assert.True(stale.Count == 0, "Recipes for operations the document no longer has: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Another_tenants_ids_in_the_path_are_not_found_and_change_nothing()
    {
        var before = await OwnerSnapshot.TakeAsync(world.A, world.OfA);
        var probe = new Probe();
        foreach (var operation in world.Protected.Where(o => o.PathParameters.Count > 0))
        {
            var recipe = RestRecipe.For(operation);
            var variants = SeededTenant.ByCollection[operation.Collection!](world.OfA).Key is null ? new[] { false } : [false, true];
            foreach (var byKey in variants)
            {
                await probe.CheckAsync(world.B.Http, recipe.Build(operation, world.OfA, world.OfB, byKey), Probe.Patient,
                    answer => Leaks(answer, answer.Request) ?? (recipe.KeyedByCaller ? Succeeded(answer) : Probe.RefusedAs(404, "not_found")(answer)),
                    $"{operation}{(byKey ? " by key" : "")}");
            }
        }

        probe.AssertNone("tenant B calling with tenant A's ids");
        Assert.Equal(before, await OwnerSnapshot.TakeAsync(world.A, world.OfA));
    }

    [Fact]
    public async Task Another_tenants_ids_in_bodies_and_filters_are_refused_without_a_leak()
    {
        var before = await OwnerSnapshot.TakeAsync(world.A, world.OfA);
        var probe = new Probe();
        foreach (var reference in ReferenceProbe.All(world.OfA, world.OfB))
        {
            await probe.CheckAsync(world.B.Http, reference.Build(), Probe.Patient,
                answer => Leaks(answer, reference.Sent) ?? (reference.MayAnswer && answer.Status == HttpStatusCode.OK ? null : Probe.RefusedWith(400, 404)(answer)),
                reference.Label);
        }

        probe.AssertNone("tenant B naming tenant A's resources in bodies and filters");
        Assert.Equal(before, await OwnerSnapshot.TakeAsync(world.A, world.OfA));
    }

    [Fact]
    public async Task Another_tenants_cursors_are_refused()
    {
        var probe = new Probe();
        var fallback = (await world.A.GetAsync("/v1/tags?limit=1")).Str("nextCursor");
        foreach (var list in world.Protected.Where(o => o.IsList && o.Method == "GET"))
        {
            var recipe = RestRecipe.For(list);
            var own = await Probe.SendAsync(world.A.Http, recipe.Build(list, world.OfA, world.OfA, extraQuery: "limit=1"), Probe.Patient);
            var cursor = own.Json?["nextCursor"]?.GetValue<string>() ?? fallback;
            await probe.CheckAsync(world.B.Http, recipe.Build(list, world.OfB, world.OfB, extraQuery: "limit=1&cursor=" + Uri.EscapeDataString(cursor)),
                Probe.Patient, answer => Leaks(answer, answer.Request) ?? Probe.RefusedAs(400, "invalid_cursor")(answer), list.ToString());
        }

        var page = await world.A.PostAsync("/v1/segments/query", new { query = "true", limit = 1 });
        await probe.CheckAsync(world.B.Http, new ReferenceProbe("query cursor", "POST", "/v1/segments/query", new { query = "true", limit = 1, cursor = page.Str("nextCursor") }).Build(),
            Probe.Patient, answer => Leaks(answer, "") ?? Probe.RefusedAs(400, "invalid_cursor")(answer), "QuerySegment with A's cursor");

        probe.AssertNone("tenant B paging with tenant A's cursors");
    }

    // A secret of A's in the answer that B did not send itself (an error message may echo the caller's input).
    private string? Leaks(ProbeAnswer answer, string sent) =>
        world.OfA.Secrets.FirstOrDefault(s => answer.Text.Contains(s, StringComparison.Ordinal) && !sent.Contains(s, StringComparison.Ordinal)) is { } secret
            ? $"the answer shows tenant A's '{secret}'"
            : null;

    // The caller's own customer of that external id, or none.
    private static string? Succeeded(ProbeAnswer answer) =>
        (int)answer.Status is >= 200 and < 300 || answer.Status == HttpStatusCode.NotFound ? null : "expected the caller's own resource or 404";
}

[Collection(SecurityOnSqlite.Name)]
public sealed class BolaMatrixOnSqlite(SecurityWorldOnSqlite world) : BolaMatrixTests(world);

[Collection(SecurityOnPostgres.Name)]
public sealed class BolaMatrixOnPostgres(SecurityWorldOnPostgres world) : BolaMatrixTests(world);
