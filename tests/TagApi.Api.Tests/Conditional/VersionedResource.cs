using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Conditional;

/// <summary>One kind of single resource as a conditional-request test drives it, over REST and GraphQL.</summary>
/// <param name="Name">The kind, as test cases name it.</param>
/// <param name="CreateAsync">Creates one and returns its id.</param>
/// <param name="Path">Its REST path from its id.</param>
/// <param name="Change">A PATCH body (merge-patch) that changes it.</param>
/// <param name="Query">The GraphQL root field that reads it by id.</param>
/// <param name="Update">The GraphQL update mutation, its id argument's type, its input and its payload's field.</param>
/// <param name="VersionField">The GraphQL field holding the version its ETag carries.</param>
public sealed record VersionedResource(
    string Name, Func<TenantSession, Task<string>> CreateAsync, Func<string, string> Path, object Change, string Query,
    (string Mutation, string IdType, string Input, string Field) Update, string VersionField = "version")
{
    private static int _counter;

    public static readonly IReadOnlyDictionary<string, VersionedResource> All = new[]
    {
        new VersionedResource("tag",
            async api => (await api.CreateTagAsync(Unique("tag"))).Str("id"),
            id => $"/v1/tags/{id}", new { name = "Renamed" }, "tag",
            ("updateTag", "String!", "{ name: \"Renamed in GraphQL\" }", "tag")),
        new VersionedResource("category",
            async api => (await api.PostAsync("/v1/tag-categories", new { key = Unique("cat"), name = "Category" }, HttpStatusCode.Created)).Str("id"),
            id => $"/v1/tag-categories/{id}", new { name = "Renamed" }, "tagCategory",
            ("updateTagCategory", "String!", "{ name: \"Renamed in GraphQL\" }", "tagCategory")),
        new VersionedResource("customer",
            async api => (await api.UpsertCustomerAsync(Unique("cus"), new { name = "Li Lei" })).Str("id"),
            id => $"/v1/customers/{id}", new { name = "Han Meimei" }, "customer",
            ("updateCustomer", "ID!", "{ name: \"Renamed in GraphQL\" }", "customer")),
        new VersionedResource("segment",
            async api => (await api.PostAsync("/v1/segments", new { key = Unique("seg"), name = "Segment", query = "city = 'Shanghai'" }, HttpStatusCode.Created)).Str("id"),
            id => $"/v1/segments/{id}", new { name = "Renamed" }, "segment",
            ("updateSegment", "String!", "{ name: \"Renamed in GraphQL\" }", "segment")),
        new VersionedResource("rule",
            async api =>
            {
                var tag = Unique("ruled");
                await api.CreateTagAsync(tag);
                // Disabled, so no run moves its revision while the test reads it.
                var rule = new { key = Unique("rule"), name = "Rule", tag, condition = "city = 'Shanghai'", enabled = false };
                return (await api.PostAsync("/v1/rules", rule, HttpStatusCode.Created)).Str("id");
            },
            id => $"/v1/rules/{id}", new { name = "Renamed" }, "rule",
            ("updateRule", "String!", "{ name: \"Renamed in GraphQL\" }", "rule"), "revision"),
        new VersionedResource("webhook",
            async api => (await api.PostAsync("/v1/webhook-endpoints", new { url = "http://127.0.0.1:9/hook" }, HttpStatusCode.Created))["endpoint"]!.Str("id"),
            id => $"/v1/webhook-endpoints/{id}", new { description = "Renamed" }, "webhookEndpoint",
            ("updateWebhookEndpoint", "ID!", "{ description: \"Renamed in GraphQL\" }", "endpoint")),
    }.ToDictionary(r => r.Name);

    public static TheoryData<string> Names => [.. All.Keys];

    /// <summary>The version its GraphQL type shows.</summary>
    public async Task<long> GraphQLVersionAsync(TenantSession api, string id) =>
        (await api.GraphQLAsync($"query($id: ID!) {{ {Query}(id: $id) {{ {VersionField} }} }}", new { id }))[Query]![VersionField]!.GetValue<long>();

    /// <summary>Runs the update mutation with an expected version; returns its payload.</summary>
    public async Task<JsonNode> UpdateAsync(TenantSession api, string id, long expectedVersion) =>
        (await api.GraphQLAsync(
            $"mutation($id: {Update.IdType}, $v: Long) {{ {Update.Mutation}(id: $id, expectedVersion: $v, input: {Update.Input}) {{ {Update.Field} {{ {VersionField} }} userErrors {{ code field }} }} }}",
            new { id, v = expectedVersion }))[Update.Mutation]!;

    private static string Unique(string prefix) => $"{prefix}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid():N}"[..24];
}
