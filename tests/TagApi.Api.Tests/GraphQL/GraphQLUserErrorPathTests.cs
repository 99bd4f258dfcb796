using System.Net;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.GraphQL;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>
/// Every mutation, made to fail: each <c>userErrors.field</c> it reports is a path in that mutation's own arguments
/// (the argument, a member of its input object, an index of its list), never a name only REST uses.
/// </summary>
public abstract partial class GraphQLUserErrorPathTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Every_mutation_names_the_argument_at_fault_by_its_own_path()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("gold", category: "value");
        var customer = (await api.UpsertCustomerAsync("paths-1")).Str("id");
        var category = (await api.PostAsync("/v1/tag-categories", new { key = "paths", name = "Paths" }, HttpStatusCode.Created)).Str("id");
        await api.PostAsync("/v1/segments", new { key = "paths", name = "Paths", query = "tag = 'vip'" }, HttpStatusCode.Created);
        await api.CreateTagAsync("ruled");
        await api.PostAsync("/v1/rules", new { key = "paths", name = "Paths", tag = "ruled", condition = "true", enabled = false }, HttpStatusCode.Created);
        var endpoint = (await api.PostAsync("/v1/webhook-endpoints", new { url = "http://127.0.0.1:9/hook" }, HttpStatusCode.Created))["endpoint"]!.Str("id");

        // The mutation, its failing arguments, and the fields expected (none: a failure that is no argument's fault).
        (string Mutation, string Arguments, string[] Fields)[] cases =
        [
            ("assignTags", """add: [{ externalId: "paths-1", tag: "vip" }, { externalId: "paths-1", tag: "nope" }]""", ["add[1]"]),
            ("cancelBulkJob", """id: "job_00000000000" """, []),
            ("createApiClient", """name: "x", scopes: ["nope:read"]""", ["scopes"]),
            ("createCustomer", """input: { email: "not-an-address" }""", ["input.externalId"]),
            ("createRule", """input: { key: "paths-cond", name: "C", tag: "vip", condition: "city = " }""", ["input.condition"]),
            ("createSegment", """input: { key: "paths-bad", name: "B", query: "city = " }""", ["input.query"]),
            ("createTag", """input: { key: "Bad Key", name: "x", color: "red" }""", ["input.color", "input.key"]),
            ("createTagCategory", """input: { key: "Bad Key", name: "x" }""", ["input.key"]),
            ("createWebhookEndpoint", """input: { url: "http://127.0.0.1:9/hook", eventTypes: ["nope"] }""", ["input.eventTypes"]),
            ("deleteApiClient", """clientId: "nope" """, []),
            ("deleteCustomer", """id: "cus_00000000000" """, []),
            ("deleteRule", """id: "nope" """, []),
            ("deleteSegment", """id: "nope" """, []),
            ("deleteTag", """id: "nope" """, []),
            ("deleteTagCategory", """id: "nope" """, []),
            ("deleteWebhookEndpoint", """id: "whe_00000000000" """, []),
            ("mergeTags", """source: "vip", into: "vip" """, ["into"]),
            ("previewRule", """id: "nope" """, []),
            ("recordActivities", """activities: [{ customerExternalId: "nobody", type: "visit" }]""", ["activities[0]"]),
            ("replayWebhookEndpoint", $"""id: "{endpoint}" """, ["since"]),
            ("rotateWebhookSecret", """id: "whe_00000000000" """, []),
            ("runRule", """id: "nope" """, []),
            ("startBulkJob", """input: { kind: "segment.tag", segment: "paths", tag: "vip", op: "toggle" }""", ["input.op"]),
            ("tagsAdd", $"""customer: "{customer}", tags: ["vip", "nope"]""", ["tags[1]"]),
            ("tagsRemove", $"""customer: "{customer}", tags: []""", ["tags"]),
            ("testWebhookEndpoint", """id: "whe_00000000000" """, []),
            ("updateCustomer", $$"""id: "{{customer}}", input: { phone: "call me" }""", ["input.phone"]),
            ("updateRule", """id: "paths", input: { intervalMinutes: 0 }""", ["input.intervalMinutes"]),
            ("updateSegment", """id: "paths", input: { key: "renamed" }""", ["input.key"]),
            ("updateTag", """id: "vip", input: { color: "red" }""", ["input.color"]),
            ("updateTagCategory", $$"""id: "{{category}}", input: { name: "" }""", ["input.name"]),
            ("updateWebhookEndpoint", $$"""id: "{{endpoint}}", input: { eventTypes: ["nope"] }""", ["input.eventTypes"]),
            ("upsertCustomer", """externalId: "paths-2", input: { birthDate: "1800-01-01" }""", ["input.birthDate"]),
        ];
        var schema = Factory.Services.GetRequiredService<TagApiSchema>();
        schema.Initialize();
        Assert.Equal(schema.Mutation!.Fields.Select(f => f.Name).Order(StringComparer.Ordinal), cases.Select(c => c.Mutation).Order(StringComparer.Ordinal));

        foreach (var (mutation, arguments, expected) in cases)
        {
            var data = await api.GraphQLAsync($"mutation {{ {mutation}({arguments}) {{ userErrors {{ field code message }} }} }}");
            var errors = data[mutation]!["userErrors"]!.AsArray();
            Assert.True(errors.Count > 0, $"{mutation} did not fail");
            var fields = errors.Select(e => e!["field"]?.GetValue<string>()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
            Assert.True(expected.SequenceEqual(fields), $"{mutation} reported [{string.Join(", ", fields)}], expected [{string.Join(", ", expected)}]: {errors.ToJsonString()}");
            Assert.All(fields, f => Assert.True(Resolves(schema.Mutation.GetField(mutation)!, f), $"{mutation}: '{f}' is no path in its arguments"));
        }
    }

    [Fact]
    public async Task A_band_rule_is_read_from_its_bands_and_a_condition_that_does_not_parse_is_reported_on_its_band()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("gold", category: "value");
        await api.CreateTagAsync("silver", category: "value");

        var data = await api.GraphQLAsync("""
            mutation { createRule(input: { key: "bands", name: "B", bands: [{ tag: "gold", when: "true" }, { tag: "silver", when: "city = " }] }) { userErrors { field code message } } }
            """);

        var error = data["createRule"]!["userErrors"]![0]!;
        Assert.True(("input.bands[1].when", "query_invalid") == (error.Str("field"), error.Str("code")), error.ToJsonString());
        var created = await api.GraphQLAsync("""
            mutation { createRule(input: { key: "bands", name: "B", enabled: false, bands: [{ tag: "gold", when: "true" }, { tag: "silver", when: "city = 'x'" }] }) { rule { key } userErrors { field } } }
            """);
        Assert.Empty(created["createRule"]!["userErrors"]!.AsArray());
        Assert.Equal("bands", created["createRule"]!["rule"]!.Str("key"));
    }

    // Whether a path such as input.bands[1].when walks the mutation's arguments: an argument, then members of
    // input objects and indexes of lists.
    private static bool Resolves(FieldType mutation, string path)
    {
        var steps = PathStep().Matches(path).Select(m => m.Value).ToList();
        if (steps.Count == 0 || mutation.Arguments?.Find(steps[0]) is not { } argument)
        {
            return false;
        }

        var type = argument.ResolvedType;
        foreach (var step in steps.Skip(1))
        {
            type = type is NonNullGraphType nonNull ? nonNull.ResolvedType : type;
            type = step.StartsWith('[')
                ? (type as ListGraphType)?.ResolvedType
                : (type as IInputObjectGraphType)?.GetField(step.TrimStart('.'))?.ResolvedType;
            if (type is null)
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*|\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]")]
    private static partial Regex PathStep();
}

public sealed class GraphQLUserErrorPathOnSqlite(SqliteTagApiFactory factory) : GraphQLUserErrorPathTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLUserErrorPathOnPostgres(PostgresTagApiFactory factory) : GraphQLUserErrorPathTests(factory), IClassFixture<PostgresTagApiFactory>;
