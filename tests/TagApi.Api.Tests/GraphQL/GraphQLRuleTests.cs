using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>Activities and rules through GraphQL: the same services and outcomes as REST, failures as userErrors.</summary>
public abstract class GraphQLRuleTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Activities_and_rules_work_through_graphql_as_through_rest()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("active", category: "behavior");
        var customer = (await api.UpsertCustomerAsync("g1")).Str("id");

        var recorded = await api.GraphQLAsync("""
            mutation($a: [ActivityInput!]!) { recordActivities(activities: $a) { activities { id externalId customer duplicate } userErrors { field code message } } }
            """, new { a = new object[] { new { externalId = "e1", customer, type = "interaction" }, new { externalId = "e1", customer, type = "interaction" }, new { customerExternalId = "g1", type = "interaction", channel = "chat" } } });
        var outcomes = recorded["recordActivities"]!["activities"]!.AsArray();
        Assert.Equal([false, true, false], outcomes.Select(o => o!["duplicate"]!.GetValue<bool>()));
        var refused = await api.GraphQLAsync("""
            mutation { recordActivities(activities: [{ customerExternalId: "nobody", type: "visit" }]) { activities { id } userErrors { field code } } }
            """);
        Assert.Equal(("activities[0]", "not_found"), (refused["recordActivities"]!["userErrors"]![0]!.Str("field"), refused["recordActivities"]!["userErrors"]![0]!.Str("code")));

        var created = await api.GraphQLAsync("""
            mutation { createRule(input: { key: "active", name: "Active", tag: "active", condition: "count(interaction, 30d) >= 2", enabled: false }) { rule { id key version enabled tag { key ruleOwned } condition } userErrors { code } } }
            """);
        var rule = created["createRule"]!["rule"]!;
        Assert.Equal(("active", true), (rule["tag"]!.Str("key"), rule["tag"]!["ruleOwned"]!.GetValue<bool>()));
        Assert.Equal(rule.Str("id"), (await api.GetAsync("/v1/rules/active")).Str("id"));

        var preview = await api.GraphQLAsync("""mutation { previewRule(id: "active") { run { id added removed sampleAdded } userErrors { code } } }""");
        Assert.Equal((1, customer), (preview["previewRule"]!["run"]!["added"]!.GetValue<int>(), preview["previewRule"]!["run"]!["sampleAdded"]![0]!.GetValue<string>()));
        Assert.Null(preview["previewRule"]!["run"]!["id"]);
        var run = await api.GraphQLAsync("""mutation { runRule(id: "active") { run { id trigger added } userErrors { code } } }""");
        Assert.Equal(("manual", 1), (run["runRule"]!["run"]!.Str("trigger"), run["runRule"]!["run"]!["added"]!.GetValue<int>()));
        Assert.Equal(["active"], await api.TagKeysOfAsync(customer));

        var cycle = await api.GraphQLAsync("""
            mutation { createRule(input: { key: "loop", name: "Loop", tag: "active", condition: "true" }) { rule { id } userErrors { code message } } }
            """);
        Assert.Equal("tag_owned_by_rule", cycle["createRule"]!["userErrors"]![0]!.Str("code"));
        var owned = await api.GraphQLAsync($$"""mutation { tagsRemove(customer: "{{customer}}", tags: ["active"]) { userErrors { code } } }""");
        Assert.Equal("rule_owned", owned["tagsRemove"]!["userErrors"]![0]!.Str("code"));

        var explain = await api.GraphQLAsync($$"""{ explainCustomerTag(customer: "{{customer}}", tag: "active") }""");
        Assert.True(explain["explainCustomerTag"]!["holds"]!.GetValue<bool>());
        Assert.Equal(2, explain["explainCustomerTag"]!["bands"]![0]!["condition"]!["actual"]!.GetValue<int>());
        var rules = await api.GraphQLAsync("{ rules(first: 10) { edges { node { key version lastEvaluatedAt } } } }");
        Assert.Equal("active", rules["rules"]!["edges"]![0]!["node"]!.Str("key"));
    }

    [Fact]
    public async Task Rule_fields_need_their_scopes_and_stay_in_their_tenant()
    {
        var owner = await Factory.CreateTenantAsync();
        await owner.CreateTagAsync("t");
        var id = (await owner.PostAsync("/v1/rules", new { key = "r", name = "R", tag = "t", condition = "true", enabled = false }, HttpStatusCode.Created)).Str("id");
        var stranger = await Factory.CreateTenantAsync();
        var data = await stranger.GraphQLAsync("query($id: ID) { rule(id: $id) { key } }", new { id });
        Assert.Null(data["rule"]);
        var readOnly = await owner.WithClientAsync("rules:read");
        var denied = await readOnly.GraphQLErrorAsync("""mutation { runRule(id: "r") { run { id } } }""", HttpStatusCode.Forbidden);
        Assert.Contains("FORBIDDEN", denied.ErrorCodes());
    }
}

public sealed class GraphQLRuleOnSqlite(SqliteTagApiFactory factory) : GraphQLRuleTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLRuleOnPostgres(PostgresTagApiFactory factory) : GraphQLRuleTests(factory), IClassFixture<PostgresTagApiFactory>;

/// <summary>The same suite with GraphQL execution planning off (the library's own validation and execution).</summary>
public sealed class GraphQLRuleOnSqliteWithoutPlanning(WithoutPlanningSqliteFactory factory) : GraphQLRuleTests(factory), IClassFixture<WithoutPlanningSqliteFactory>;
