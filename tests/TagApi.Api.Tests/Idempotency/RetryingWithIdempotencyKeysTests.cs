using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Api.Tests.Webhooks;
using TagApi.Core.Data;

namespace TagApi.Api.Tests.Idempotency;

/// <summary>
/// A client retries a write with the same <c>Idempotency-Key</c>: it gets the first outcome again, exactly, marked
/// <c>Idempotent-Replayed</c>, and nothing changes twice — no second row, no second event, no second webhook.
/// </summary>
public abstract class RetryingWithIdempotencyKeysTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_retry_replays_the_first_outcome_exactly_and_emits_no_second_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created);
        const string body = """{"key":"retried","name":"Retried","color":"#E64980"}""";

        var first = await api.PostKeyedAsync("/v1/tags", body, "create-retried-1");
        var retry = await api.PostKeyedAsync("/v1/tags", body, "create-retried-1");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.False(first.Replayed);
        Assert.Equal(HttpStatusCode.Created, retry.Status);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Body, retry.Body);
        foreach (var header in new[] { "Location", "ETag", "Content-Type" })
        {
            Assert.NotNull(first.Header(header));
            Assert.Equal(first.Header(header), retry.Header(header));
        }

        Assert.Equal(1, await api.EventCountAsync("tag.created"));
        Assert.Single((await api.GetAsync("/v1/tags?q=retried"))["data"]!.AsArray());

        // A later change is delivered after the first one; by then a second delivery of the tag would have been made.
        await receiver.WaitForAsync(r => r.Body.Contains("\"retried\"", StringComparison.Ordinal));
        await api.CreateTagAsync("later");
        await receiver.WaitForAsync(r => r.Body.Contains("\"later\"", StringComparison.Ordinal));
        Assert.Single(receiver.Received, r => r.Body.Contains("\"retried\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_quoted_and_the_bare_form_name_the_same_key()
    {
        var api = await Factory.CreateTenantAsync();
        const string body = """{"key":"quoted","name":"Quoted"}""";

        var first = await api.PostKeyedAsync("/v1/tags", body, "\"key-\\\"7\\\\\"");
        var retry = await api.PostKeyedAsync("/v1/tags", body, "key-\"7\\");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Body, retry.Body);
    }

    [Fact]
    public async Task A_retry_whose_body_is_serialised_differently_is_the_same_request()
    {
        var api = await Factory.CreateTenantAsync();

        var first = await api.PostKeyedAsync("/v1/tags", """{"key":"spaced","name":"Spaced"}""", "spacing");
        var retry = await api.PostKeyedAsync("/v1/tags", """{ "name": "Spaced",   "key": "spaced" }""", "spacing");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.True(retry.Replayed);
    }

    [Fact]
    public async Task The_same_key_for_another_request_is_refused_and_changes_nothing()
    {
        var api = await Factory.CreateTenantAsync();
        await api.PostKeyedAsync("/v1/tags", """{"key":"first","name":"First"}""", "reused");

        var otherBody = await api.PostKeyedAsync("/v1/tags", """{"key":"second","name":"Second"}""", "reused");
        var otherPath = await api.PostKeyedAsync("/v1/tag-categories", """{"key":"first","name":"First"}""", "reused");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "idempotency_key_reused"), (otherBody.Status, otherBody.Code));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "idempotency_key_reused"), (otherPath.Status, otherPath.Code));
        await api.GetAsync("/v1/tags/second", HttpStatusCode.NotFound);
        await api.GetAsync("/v1/tag-categories/first", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"unterminated")]
    [InlineData("\"bad\\escape\"")]
    [InlineData("\"trailing\" text")]
    [InlineData("schlüssel")]
    public async Task A_malformed_key_is_refused_with_400(string key)
    {
        var api = await Factory.CreateTenantAsync();

        var response = await api.PostKeyedAsync("/v1/tags", """{"key":"never","name":"Never"}""", key);

        Assert.Equal((HttpStatusCode.BadRequest, "idempotency_key_invalid"), (response.Status, response.Code));
        await api.GetAsync("/v1/tags/never", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_refused_and_one_of_255_is_taken()
    {
        var api = await Factory.CreateTenantAsync();

        var tooLong = await api.PostKeyedAsync("/v1/tags", """{"key":"long","name":"Long"}""", new string('k', 256));
        var longest = await api.PostKeyedAsync("/v1/tags", """{"key":"long","name":"Long"}""", new string('k', 255));

        Assert.Equal((HttpStatusCode.BadRequest, "idempotency_key_invalid"), (tooLong.Status, tooLong.Code));
        Assert.Equal(HttpStatusCode.Created, longest.Status);
    }

    [Fact]
    public async Task Another_clients_key_never_replays_anything_to_this_one()
    {
        var api = await Factory.CreateTenantAsync();
        var other = await api.WithClientAsync("customers:write", "customers:read");
        const string body = """{"name":"Li Lei"}""";

        var mine = await api.SendKeyedAsync(HttpMethod.Put, "/v1/customers/by-external-id/shared-1", body, "sync-shared-1");
        var theirs = await other.SendKeyedAsync(HttpMethod.Put, "/v1/customers/by-external-id/shared-1", body, "sync-shared-1");

        Assert.Equal(HttpStatusCode.Created, mine.Status);
        Assert.Equal(HttpStatusCode.OK, theirs.Status);
        Assert.False(theirs.Replayed);
    }

    [Fact]
    public async Task A_replayed_batch_does_not_apply_again_after_later_changes()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var customer = await api.UpsertCustomerAsync("batch-1");
        const string batch = """{"add":[{"externalId":"batch-1","tag":"vip"}]}""";

        var applied = await api.PostKeyedAsync("/v1/tag-assignments", batch, "batch-once");
        await api.ChangeTagsAsync(customer.Str("id"), remove: ["vip"]);
        var replayed = await api.PostKeyedAsync("/v1/tag-assignments", batch, "batch-once");

        Assert.Equal(HttpStatusCode.OK, applied.Status);
        Assert.True(replayed.Replayed);
        Assert.Equal(applied.Body, replayed.Body);
        Assert.Empty(await api.TagKeysOfAsync(customer.Str("id")));
        Assert.Equal(1, await api.EventCountAsync("customer.tags.added"));
    }

    [Fact]
    public async Task Outcomes_that_change_nothing_and_refusals_are_stored_too()
    {
        var api = await Factory.CreateTenantAsync();
        await api.UpsertCustomerAsync("unchanged-1", new { name = "Same" });
        const string same = """{"name":"Same"}""";

        var noOp = await api.SendKeyedAsync(HttpMethod.Put, "/v1/customers/by-external-id/unchanged-1", same, "no-op");
        var noOpAgain = await api.SendKeyedAsync(HttpMethod.Put, "/v1/customers/by-external-id/unchanged-1", same, "no-op");
        var refused = await api.PostKeyedAsync("/v1/tags", """{"key":"Not A Key","name":"x"}""", "refused");
        var refusedAgain = await api.PostKeyedAsync("/v1/tags", """{"key":"Not A Key","name":"x"}""", "refused");

        Assert.Equal(HttpStatusCode.OK, noOp.Status);
        Assert.True(noOpAgain.Replayed);
        Assert.Equal(noOp.Body, noOpAgain.Body);
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (refused.Status, refused.Code));
        Assert.True(refusedAgain.Replayed);
        Assert.Equal(refused.Body, refusedAgain.Body);
    }

    [Fact]
    public async Task Two_concurrent_requests_with_one_key_change_data_once()
    {
        var api = await Factory.CreateTenantAsync();
        const string body = """{"key":"raced","name":"Raced"}""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.PostKeyedAsync("/v1/tags", body, "race-1")));

        Assert.Single(responses, r => r is { Status: HttpStatusCode.Created, Replayed: false });
        Assert.All(responses, r => Assert.True(
            r is { Status: HttpStatusCode.Created } || (r.Status == HttpStatusCode.Conflict && r.Code == "idempotency_in_flight"),
            $"{(int)r.Status}: {Encoding.UTF8.GetString(r.Body)}"));
        Assert.Single((await api.GetAsync("/v1/tags?q=raced"))["data"]!.AsArray());
        Assert.Equal(1, await api.EventCountAsync("tag.created"));
    }

    [Fact]
    public async Task Concurrent_keyed_upserts_of_one_new_customer_all_succeed()
    {
        var api = await Factory.CreateTenantAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            api.SendKeyedAsync(HttpMethod.Put, "/v1/customers/by-external-id/contended-1", """{"name":"Contended"}""", $"upsert-{i}")));

        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.Status}: {Encoding.UTF8.GetString(r.Body)}"));
        Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        Assert.Equal(1, await api.EventCountAsync("customer.created"));
    }

    [Fact]
    public async Task A_GraphQL_mutation_with_a_key_is_replayed_and_emits_no_second_event()
    {
        var api = await Factory.CreateTenantAsync();
        var mutation = new JsonObject
        {
            ["query"] = "mutation { createTag(input: { key: \"graphed\", name: \"Graphed\" }) { tag { id key } userErrors { code } } }",
        }.ToJsonString();

        var first = await api.PostKeyedAsync("/graphql", mutation, "graphql-create");
        var retry = await api.PostKeyedAsync("/graphql", mutation, "graphql-create");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("graphed", first.Json["data"]!["createTag"]!["tag"]!.Str("key"));
        Assert.True(retry.Replayed);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(first.Header("Content-Type"), retry.Header("Content-Type"));
        Assert.Equal(1, await api.EventCountAsync("tag.created"));
    }

    [Fact]
    public async Task A_new_API_client_is_created_once_and_its_secret_is_not_stored_readable()
    {
        var api = await Factory.CreateTenantAsync();
        const string body = """{"name":"Shop sync","scopes":["tags:read"]}""";

        var first = await api.PostKeyedAsync("/v1/api-clients", body, "new-client");
        var retry = await api.PostKeyedAsync("/v1/api-clients", body, "new-client");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(2, (await api.GetAsync("/v1/api-clients"))["data"]!.AsArray().Count);
        var secret = first.Json.Str("clientSecret");
        var stored = await Factory.InTenantAsync(api.TenantId, sp =>
            sp.GetRequiredService<TagApiDbContext>().IdempotencyRecords.Where(r => r.Key == "new-client").Select(r => r.Body).SingleAsync());
        Assert.DoesNotContain(secret, Encoding.UTF8.GetString(stored!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_without_a_key_and_reads_with_one_are_not_affected()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("plain");

        var read = await api.SendKeyedAsync(HttpMethod.Get, "/v1/tags/plain", null, "not for reads");
        var readAgain = await api.SendKeyedAsync(HttpMethod.Get, "/v1/tags/plain", null, "not for reads");

        Assert.Equal((HttpStatusCode.OK, false), (read.Status, read.Replayed));
        Assert.Equal((HttpStatusCode.OK, false), (readAgain.Status, readAgain.Replayed));
    }
}

public sealed class RetryingWithIdempotencyKeysOnSqlite(SqliteTagApiFactory factory)
    : RetryingWithIdempotencyKeysTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class RetryingWithIdempotencyKeysOnPostgres(PostgresTagApiFactory factory)
    : RetryingWithIdempotencyKeysTests(factory), IClassFixture<PostgresTagApiFactory>;
