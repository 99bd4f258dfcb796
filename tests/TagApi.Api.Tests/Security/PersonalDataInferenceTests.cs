using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// Without <c>customers:pii</c> nothing may read a PII field or a value derived from one (<c>age</c>, from
/// the birth date) — not an ad-hoc query, a saved segment (even one saved by a client holding the scope, or
/// named by another segment), a rule, nor an export column — over REST or GraphQL. Validating a query
/// evaluates nothing, so it stays open.
/// </summary>
public abstract class PersonalDataInferenceTests(SecurityWorld world)
{
    private const string Pii = Scopes.CustomersPii;

    [Fact]
    public async Task Ad_hoc_queries_reading_age_are_refused_without_the_scope_and_answered_with_it()
    {
        var (holder, plain) = await TenantAsync();

        var refused = await plain.PostAsync("/v1/segments/query", new { query = "age = 41 AND city = 'Shanghai'" }, HttpStatusCode.Forbidden);
        AssertNamesPii(refused);
        foreach (var query in new[] { "age >= 18", "age BETWEEN 40 AND 42", "age IS NULL", "NOT age IN (41, 42)", "city = 'Shanghai' OR age < 30" })
        {
            AssertNamesPii(await plain.PostAsync("/v1/segments/query", new { query }, HttpStatusCode.Forbidden));
            AssertNamesPii(await plain.GetAsync("/v1/customers?query=" + Uri.EscapeDataString(query), HttpStatusCode.Forbidden));
        }

        // The JSON form reads the same field; validating either form reveals nothing and stays open.
        var validation = await plain.PostAsync("/v1/segments/validate", new { query = "age >= 18" });
        Assert.True(validation["valid"]!.GetValue<bool>());
        AssertNamesPii(await plain.PostAsync("/v1/segments/query", new { ast = validation["ast"] }, HttpStatusCode.Forbidden));

        Assert.Equal(1, (await holder.PostAsync("/v1/segments/query", new { query = "age >= 18" }))["count"]!.GetValue<int>());
        Assert.Equal(1, (await holder.PostAsync("/v1/segments/query", new { ast = validation["ast"] }))["count"]!.GetValue<int>());
        Assert.Equal(["c1"], (await holder.GetAsync("/v1/customers?query=" + Uri.EscapeDataString("age >= 18"))).Keys("externalId"));
        Assert.Equal(2, (await plain.PostAsync("/v1/segments/query", new { query = "city IN ('Shanghai', 'Beijing')" }))["count"]!.GetValue<int>());

        var gql = await plain.Http.PostGraphQLAsync("{ segmentQuery(first: 1, query: \"age >= 18\") { totalCount } }");
        Assert.Equal(refused.Str("detail"), Forbidden(gql.Body));
        Forbidden((await plain.Http.PostGraphQLAsync("{ customers(first: 1, query: \"age >= 18\") { edges { node { id } } } }")).Body);
        Assert.Equal(1, (await holder.GraphQLAsync("{ segmentQuery(first: 1, query: \"age >= 18\") { totalCount } }"))["segmentQuery"]!["totalCount"]!.GetValue<int>());
        Assert.True((await plain.GraphQLAsync("{ validateSegmentQuery(query: \"age >= 18\") { valid } }"))["validateSegmentQuery"]!["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_segment_reading_age_needs_the_scope_to_be_saved_counted_listed_or_exported_even_through_another_segment()
    {
        var (holder, plain) = await TenantAsync();
        AssertNamesPii(await plain.PostAsync("/v1/segments", new { key = "adults", name = "Adults", query = "age >= 18" }, HttpStatusCode.Forbidden));
        var adults = await holder.PostAsync("/v1/segments", new { key = "adults", name = "Adults", query = "age >= 18" }, HttpStatusCode.Created);
        await holder.PostAsync("/v1/segments", new { key = "adults_sh", name = "Adults in Shanghai", query = "segment = 'adults' AND city = 'Shanghai'" }, HttpStatusCode.Created);
        await holder.PostAsync("/v1/segments", new { key = "shanghai", name = "Shanghai", query = "city = 'Shanghai'" }, HttpStatusCode.Created);

        foreach (var segment in new[] { "adults", adults.Str("id"), "adults_sh" })
        {
            foreach (var url in new[] { $"/v1/segments/{segment}/count", $"/v1/segments/{segment}/customers", $"/v1/segments/{segment}/export" })
            {
                AssertNamesPii(await plain.GetAsync(url, HttpStatusCode.Forbidden));
                await holder.GetAsync(url);
            }
        }

        Assert.Contains("through segment 'adults'", (await plain.GetAsync("/v1/segments/adults_sh/count", HttpStatusCode.Forbidden)).Str("detail"), StringComparison.Ordinal);
        AssertNamesPii(await plain.PostAsync("/v1/segments", new { key = "via", name = "Via", query = "segment = 'adults_sh'" }, HttpStatusCode.Forbidden));
        AssertNamesPii(await plain.PostAsync("/v1/segments/query", new { query = "segment = 'adults'" }, HttpStatusCode.Forbidden));
        AssertNamesPii(await plain.PatchAsync("/v1/segments/shanghai", new { query = "age < 30" }, HttpStatusCode.Forbidden));

        // Its definition is no secret, and a change that leaves the query alone needs no scope.
        Assert.Equal("age >= 18", (await plain.GetAsync("/v1/segments/adults")).Str("query"));
        await plain.PatchAsync("/v1/segments/adults", new { name = "Grown-ups" });
        Assert.Equal(1, (await plain.GetAsync("/v1/segments/shanghai/count"))["count"]!.GetValue<int>());
        Assert.Equal(1, (await holder.GetAsync("/v1/segments/adults_sh/count"))["count"]!.GetValue<int>());

        Forbidden((await plain.Http.PostGraphQLAsync("{ segment(key: \"adults\") { count } }")).Body);
        Forbidden((await plain.Http.PostGraphQLAsync("{ segment(key: \"adults_sh\") { customers(first: 5) { edges { node { id } } } } }")).Body);
        Forbidden((await plain.Http.PostGraphQLAsync($"{{ node(id: \"{adults.Str("id")}\") {{ ... on Segment {{ count }} }} }}")).Body);
        Forbidden((await plain.Http.PostGraphQLAsync("mutation { createSegment(input: {key: \"g\", name: \"G\", query: \"age > 1\"}) { segment { id } } }")).Body);
        Forbidden((await plain.Http.PostGraphQLAsync("mutation { updateSegment(id: \"shanghai\", input: {query: \"age > 1\"}) { segment { id } } }")).Body);
        Assert.Equal(1, (await holder.GraphQLAsync("{ segment(key: \"adults\") { count } }"))["segment"]!["count"]!.GetValue<int>());
        Assert.Equal(1, (await plain.GraphQLAsync("{ segment(key: \"shanghai\") { count } }"))["segment"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_rule_reading_age_needs_the_scope_to_be_written_previewed_run_or_explained()
    {
        var (holder, plain) = await TenantAsync();
        await holder.CreateTagAsync("adult");
        await holder.CreateTagAsync("local");
        await holder.PostAsync("/v1/segments", new { key = "adults", name = "Adults", query = "age >= 18" }, HttpStatusCode.Created);
        var c1 = (await holder.GetAsync("/v1/customers/by-external-id/c1")).Str("id");

        AssertNamesPii(await plain.PostAsync("/v1/rules", new { key = "r", name = "R", tag = "adult", condition = "age >= 18" }, HttpStatusCode.Forbidden));
        AssertNamesPii(await plain.PostAsync("/v1/rules", new { key = "r", name = "R", tag = "adult", condition = "segment = 'adults'" }, HttpStatusCode.Forbidden));
        await plain.PostAsync("/v1/rules", new { key = "local", name = "Local", tag = "local", condition = "city = 'Shanghai'", enabled = false }, HttpStatusCode.Created);
        AssertNamesPii(await plain.PatchAsync("/v1/rules/local", new { condition = "age < 30" }, HttpStatusCode.Forbidden));
        await holder.PostAsync("/v1/rules", new { key = "adult", name = "Adult", tag = "adult", condition = "age >= 18", enabled = false }, HttpStatusCode.Created);

        foreach (var (method, url) in new[] { ("POST", "/v1/rules/adult/preview"), ("POST", "/v1/rules/adult/run"), ("GET", $"/v1/customers/{c1}/explain?tag=adult") })
        {
            AssertNamesPii(await plain.SendAsync(new HttpMethod(method), url, null, HttpStatusCode.Forbidden));
            await holder.SendAsync(new HttpMethod(method), url, null, HttpStatusCode.OK);
        }

        // Reading the rule, or changing what it does not decide with, needs no scope.
        Assert.Equal("age >= 18", (await plain.GetAsync("/v1/rules/adult")).Str("condition"));
        await plain.PatchAsync("/v1/rules/adult", new { name = "Grown-up" });
        await plain.PostAsync("/v1/rules/local/preview", null);

        Forbidden((await plain.Http.PostGraphQLAsync("mutation { createRule(input: {key: \"g\", name: \"G\", tag: \"adult\", condition: \"age > 1\"}) { rule { id } } }")).Body);
        Forbidden((await plain.Http.PostGraphQLAsync("mutation { updateRule(id: \"local\", input: {condition: \"age > 1\"}) { rule { id } } }")).Body);
        Forbidden((await plain.Http.PostGraphQLAsync("mutation { previewRule(id: \"adult\") { run { added } } }")).Body);
        Forbidden((await plain.Http.PostGraphQLAsync("mutation { runRule(id: \"adult\") { run { added } } }")).Body);
        Forbidden((await plain.Http.PostGraphQLAsync($"{{ explainCustomerTag(customer: \"{c1}\", tag: \"adult\") }}")).Body);
        Assert.NotNull((await holder.GraphQLAsync($"{{ explainCustomerTag(customer: \"{c1}\", tag: \"adult\") }}"))["explainCustomerTag"]);
    }

    [Fact]
    public async Task A_rule_decided_together_with_one_reading_age_cannot_be_previewed_without_the_scope()
    {
        var (holder, plain) = await TenantAsync();
        await holder.CreateTagAsync("tier_senior", category: "value");
        await holder.CreateTagAsync("tier_local", category: "value");
        await holder.PostAsync("/v1/rules", new { key = "senior", name = "Senior", tag = "tier_senior", condition = "age >= 40", priority = 10 }, HttpStatusCode.Created);
        await plain.PostAsync("/v1/rules", new { key = "local_tier", name = "Local", tag = "tier_local", condition = "city = 'Shanghai'", enabled = false }, HttpStatusCode.Created);

        var bands = new[] { new { tag = "tier_senior", when = "age >= 40" }, new { tag = "tier_local", when = "true" } };
        AssertNamesPii(await plain.PostAsync("/v1/rules", new { key = "tiers", name = "Tiers", bands }, HttpStatusCode.Forbidden));

        // Who gets tier_local depends on who the higher-priority senior rule takes: its preview would tell ages apart.
        AssertNamesPii(await plain.PostAsync("/v1/rules/local_tier/preview", null, HttpStatusCode.Forbidden));
        await holder.PostAsync("/v1/rules/local_tier/preview", null);
    }

    [Fact]
    public async Task Exporting_the_email_column_needs_the_scope_and_the_default_columns_leave_it_out()
    {
        var (holder, plain) = await TenantAsync();
        await holder.PostAsync("/v1/segments", new { key = "everyone", name = "Everyone", query = "true" }, HttpStatusCode.Created);

        AssertNamesPii(await plain.GetAsync("/v1/segments/everyone/export?fields=id,email", HttpStatusCode.Forbidden));
        AssertNamesPii(await plain.GetAsync("/v1/segments/everyone/export?format=csv&fields=id,externalId,email", HttpStatusCode.Forbidden));
        Assert.Equal("id,externalId", (await plain.Http.GetStringAsync("/v1/segments/everyone/export?format=csv")).Split('\n')[0]);
        Assert.DoesNotContain("@example.com", await plain.Http.GetStringAsync("/v1/segments/everyone/export"), StringComparison.Ordinal);
        Assert.Contains("c1@example.com", await holder.Http.GetStringAsync("/v1/segments/everyone/export?fields=id,email"), StringComparison.Ordinal);
    }

    // A tenant of two customers, one with a birth date; a client holding every scope and one holding all but customers:pii.
    private async Task<(TenantSession Holder, TenantSession Plain)> TenantAsync()
    {
        var holder = await world.Factory.CreateTenantAsync();
        await holder.UpsertCustomerAsync("c1", new { birthDate = "1985-03-01", email = "c1@example.com", city = "Shanghai" });
        await holder.UpsertCustomerAsync("c2", new { email = "c2@example.com", city = "Beijing" });
        return (holder, await holder.WithClientAsync([.. Scopes.All.Where(s => s != Pii)]));
    }

    private static void AssertNamesPii(JsonNode problem)
    {
        Assert.Equal("forbidden", problem.Str("code"));
        Assert.Contains($"'{Pii}'", problem.Str("detail"), StringComparison.Ordinal);
    }

    // The one error of a GraphQL answer refused for personal data: FORBIDDEN, naming the scope; its message.
    private static string Forbidden(JsonNode body)
    {
        Assert.True(body["errors"] is not null, body.ToJsonString());
        Assert.Equal(["FORBIDDEN"], body.ErrorCodes());
        var message = body["errors"]![0]!["message"]!.GetValue<string>();
        Assert.Contains($"'{Pii}'", message, StringComparison.Ordinal);
        return message;
    }
}

[Collection(SecurityOnSqlite.Name)]
public sealed class PersonalDataInferenceOnSqlite(SecurityWorldOnSqlite world) : PersonalDataInferenceTests(world);

[Collection(SecurityOnPostgres.Name)]
public sealed class PersonalDataInferenceOnPostgres(SecurityWorldOnPostgres world) : PersonalDataInferenceTests(world);
