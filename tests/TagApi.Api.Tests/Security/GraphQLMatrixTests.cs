using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.GraphQL;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// Scopes and tenant isolation over GraphQL, enumerated from the schema by introspection: every root query
/// and mutation field without its scope is FORBIDDEN, with it gets past authorization; tenant B finds none
/// of tenant A's objects by id, key, argument or cursor, and changes none.
/// </summary>
public abstract class GraphQLMatrixTests(SecurityWorld world)
{
    [Fact]
    public async Task Every_root_field_but_node_names_the_scope_it_needs()
    {
        var model = await GraphQLSchemaModel.LoadAsync(world.B);
        var unguarded = model.Roots.Where(f => f.Name != "node" && ScopeOf(f) is null).ToList();

        Assert.True(model.Roots.Count(f => f.IsMutation) >= 20 && model.Roots.Count(f => !f.IsMutation) >= 15, "introspection found too few root fields");
        Assert.True(unguarded.Count == 0, "Root fields without a scope: " + string.Join(", ", unguarded));
    }

    [Fact]
    public async Task A_token_lacking_a_root_fields_scope_is_refused_as_FORBIDDEN_naming_it()
    {
        var model = await GraphQLSchemaModel.LoadAsync(world.B);
        var probe = new Probe();
        foreach (var field in model.Roots.Where(f => f.Name != "node"))
        {
            // A field that names several scopes takes any one of them: only a token holding none is refused.
            var scope = ScopeOf(field)!;
            var (status, body) = await PostAsync(await world.BWithoutAsync(scope.Split(' ')), model.Document(field));
            var codes = Codes(body);
            probe.Check(status == HttpStatusCode.Forbidden && codes.Length > 0 && codes.All(c => c == GraphQLErrorCodes.Forbidden)
                && scope.Split(' ').Any(s => body["errors"]![0]!["message"]!.GetValue<string>().Contains($"'{s}'", StringComparison.Ordinal)),
                $"{field} without {scope}: {(int)status} {Shorten(body)}");
        }

        probe.AssertNone("GraphQL root fields without their scope");
    }

    [Fact]
    public async Task A_token_holding_only_a_root_fields_scope_gets_past_authorization()
    {
        var model = await GraphQLSchemaModel.LoadAsync(world.B);
        var probe = new Probe();
        foreach (var field in model.Roots.Where(f => f.Name != "node"))
        {
            var (status, body) = await PostAsync(await world.BWithScopesAsync(ScopeOf(field)!.Split(' ')), model.Document(field));
            probe.Check(status != HttpStatusCode.Forbidden && !Codes(body).Contains(GraphQLErrorCodes.Forbidden) && (int)status < 500,
                $"{field} with only {ScopeOf(field)}: {(int)status} {Shorten(body)}");
        }

        probe.AssertNone("GraphQL root fields with exactly their scope");
    }

    [Fact]
    public async Task Node_demands_the_scope_of_the_type_its_id_names()
    {
        var model = await GraphQLSchemaModel.LoadAsync(world.B);
        var node = model.Roots.Single(f => f.Name == "node");
        var probe = new Probe();
        foreach (var (typeName, id) in GraphQLRecipes.IdsByType(world.OfB))
        {
            // The scope of node(id) for a type is the scope of the root field looking that type up by id.
            var lookup = model.Roots.Single(f => !f.IsMutation && f.Type.Named.Name == typeName && f.Takes("id"));
            var scope = ScopeOf(lookup)!;
            var document = model.Document(node, new Dictionary<string, string> { ["id"] = GraphQLSchemaModel.Literal(id) });
            var (_, refused) = await PostAsync(await world.BWithoutAsync(scope), document);
            probe.Check(Codes(refused).SequenceEqual([GraphQLErrorCodes.Forbidden]) && refused["data"]?["node"] is null,
                $"node({typeName}) without {scope}: {Shorten(refused)}");
            var (_, allowed) = await PostAsync(await world.BWithScopesAsync([scope]), document);
            probe.Check(allowed["data"]?["node"]?["__typename"]?.GetValue<string>() == typeName, $"node({typeName}) with {scope}: {Shorten(allowed)}");
        }

        probe.AssertNone("node(id) scopes");
    }

    [Fact]
    public async Task Another_tenants_objects_are_null_by_id_and_key_and_every_reference_is_refused()
    {
        var model = await GraphQLSchemaModel.LoadAsync(world.B);
        var before = await OwnerSnapshot.TakeAsync(world.A, world.OfA);
        var probe = new Probe();
        var uncovered = GraphQLRecipes.Uncovered(model).ToList();
        probe.Check(uncovered.Count == 0, "Root fields naming resources without a recipe in GraphQLRecipes: " + string.Join(", ", uncovered));

        foreach (var (field, literals) in GraphQLRecipes.Lookups(model, world.OfA))
        {
            var (status, theirs) = await PostAsync(world.B.Http, model.Document(field, literals));
            probe.Check(status == HttpStatusCode.OK && theirs["data"]?[field.Name] is null && Leak(theirs, literals) is null, $"{field} with A's {string.Join(",", literals.Keys)}: {Shorten(theirs)}");
        }

        foreach (var (field, literals) in GraphQLRecipes.Lookups(model, world.OfB))
        {
            var (_, own) = await PostAsync(world.B.Http, model.Document(field, literals));
            probe.Check(own["data"]?[field.Name] is JsonObject, $"{field} with B's own {string.Join(",", literals.Keys)} finds nothing: {Shorten(own)}");
        }

        foreach (var recipe in GraphQLRecipes.References(world.OfA, world.OfB))
        {
            var field = model.Roots.Single(f => f.Name == recipe.Field && f.IsMutation == recipe.IsMutation);
            var selection = model.Kind(field.Type.Named.Name!) == "OBJECT" && model.FieldsOf(field.Type.Named.Name!).Any(f => f.Name == "userErrors") ? "userErrors { code }" : "";
            var (status, body) = await PostAsync(world.B.Http, model.Document(field, recipe.Arguments, selection));

            // Executed (200): a document the server could not even validate would prove nothing.
            probe.Check(status == HttpStatusCode.OK && Leak(body, recipe.Arguments) is null && (recipe.MayAnswer || Refused(body, field.Name)),
                $"{recipe.Label}: {(int)status} {Shorten(body)}");
        }

        probe.AssertNone("tenant B naming tenant A's objects over GraphQL");
        Assert.Equal(before, await OwnerSnapshot.TakeAsync(world.A, world.OfA));
    }

    [Fact]
    public async Task Another_tenants_connection_cursors_are_refused()
    {
        var model = await GraphQLSchemaModel.LoadAsync(world.B);
        var probe = new Probe();
        foreach (var field in model.Roots.Where(f => !f.IsMutation && f.Takes("after") && f.Takes("first")))
        {
            var own = GraphQLRecipes.ValidArguments(field);
            var (_, page) = await PostAsync(world.A.Http, model.Document(field, own, "pageInfo { endCursor }"));
            var cursor = page["data"]?[field.Name]?["pageInfo"]?["endCursor"]?.GetValue<string>();
            if (cursor is null)
            {
                probe.Fail($"{field}: tenant A has no cursor to offer ({Shorten(page)}); seed a second item");
                continue;
            }

            var (_, body) = await PostAsync(world.B.Http, model.Document(field, new Dictionary<string, string>(own) { ["after"] = GraphQLSchemaModel.Literal(cursor) }, "edges { node { __typename } }"));
            var refused = Codes(body).Length > 0 && body["data"]?[field.Name] is null;
            probe.Check(Leak(body, own) is null && (refused || GraphQLRecipes.PositionCursors.Contains(field.Name)), $"{field} with A's cursor: {Shorten(body)}");
        }

        probe.AssertNone("tenant B paging with tenant A's GraphQL cursors");
    }

    private string? ScopeOf(GqlRootField field)
    {
        var schema = world.Service<TagApiSchema>();
        var type = field.IsMutation ? schema.Mutation! : schema.Query;
        return ScopeAuthorization.ScopeOf(type.GetField(field.Name)!);
    }

    private string? Leak(JsonNode body, IReadOnlyDictionary<string, string> sent) =>
        world.OfA.Secrets.FirstOrDefault(s => body.ToJsonString().Contains(s, StringComparison.Ordinal) && !sent.Values.Any(v => v.Contains(s, StringComparison.Ordinal)));

    // Refused: a top-level error, a null field, or userErrors in the payload.
    private static bool Refused(JsonNode body, string field) =>
        Codes(body).Length > 0 || body["data"]?[field] is null || body["data"]?[field]?["userErrors"]?.AsArray().Count > 0;

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HttpClient http, string document)
    {
        var (response, body) = await http.PostGraphQLAsync(document);
        using (response)
        {
            return (response.StatusCode, body);
        }
    }

    private static string[] Codes(JsonNode body) => body["errors"] is null ? [] : body.ErrorCodes();

    private static string Shorten(JsonNode body) => body.ToJsonString() is var text && text.Length > 500 ? text[..500] + "…" : text;
}

[Collection(SecurityOnSqlite.Name)]
public sealed class GraphQLMatrixOnSqlite(SecurityWorldOnSqlite world) : GraphQLMatrixTests(world);

[Collection(SecurityOnPostgres.Name)]
public sealed class GraphQLMatrixOnPostgres(SecurityWorldOnPostgres world) : GraphQLMatrixTests(world);
