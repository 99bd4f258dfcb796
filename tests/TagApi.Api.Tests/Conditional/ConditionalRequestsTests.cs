using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TagApi.Api.Tests.Idempotency;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Conditional;

/// <summary>
/// Every single resource carries a version: a strong <c>ETag</c> on reads and writes, 304 for a current
/// <c>If-None-Match</c>, 412 for a stale <c>If-Match</c> with nothing changed — and the same version in GraphQL, whose
/// update mutations take it as <c>expectedVersion</c>.
/// </summary>
public abstract class ConditionalRequestsTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Theory]
    [MemberData(nameof(VersionedResource.Names), MemberType = typeof(VersionedResource))]
    public async Task A_read_carries_a_strong_ETag_that_If_None_Match_answers_with_304_and_no_body(string kind)
    {
        var (api, resource, id) = await CreateAsync(kind);
        var path = resource.Path(id);

        var read = await SendAsync(api, HttpMethod.Get, path);
        var etag = read.Header("ETag")!;
        var notModified = await SendAsync(api, HttpMethod.Get, path, ("If-None-Match", etag));
        var weakly = await SendAsync(api, HttpMethod.Get, path, ("If-None-Match", $"\"other\", W/{etag}"));
        var other = await SendAsync(api, HttpMethod.Get, path, ("If-None-Match", "\"other\""));

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Matches("^\"[^\"]+\"$", etag);
        Assert.Equal((HttpStatusCode.NotModified, etag), (notModified.Status, notModified.Header("ETag")));
        Assert.Empty(notModified.Body);
        Assert.Equal(HttpStatusCode.NotModified, weakly.Status);
        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.Equal(read.Body, other.Body);
    }

    [Theory]
    [MemberData(nameof(VersionedResource.Names), MemberType = typeof(VersionedResource))]
    public async Task A_write_with_a_stale_If_Match_is_refused_with_412_and_changes_nothing(string kind)
    {
        var (api, resource, id) = await CreateAsync(kind);
        var path = resource.Path(id);
        var original = (await SendAsync(api, HttpMethod.Get, path)).Header("ETag")!;

        var changed = await SendAsync(api, HttpMethod.Patch, path, ("If-Match", original), resource.Change);
        var current = changed.Header("ETag")!;
        var stale = await SendAsync(api, HttpMethod.Patch, path, ("If-Match", original), resource.Change);
        var afterStale = await SendAsync(api, HttpMethod.Get, path);
        var staleDelete = await SendAsync(api, HttpMethod.Delete, path, ("If-Match", original));
        var weakDelete = await SendAsync(api, HttpMethod.Delete, path, ("If-Match", "W/" + current));
        var delete = await SendAsync(api, HttpMethod.Delete, path, ("If-Match", $"\"other\", {current}"));

        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.NotEqual(original, current);
        Assert.Equal((HttpStatusCode.PreconditionFailed, "precondition_failed"), (stale.Status, stale.Code));
        Assert.Equal(current, afterStale.Header("ETag"));
        Assert.Equal(changed.Body, afterStale.Body);
        Assert.Equal((HttpStatusCode.PreconditionFailed, "precondition_failed"), (staleDelete.Status, staleDelete.Code));
        Assert.Equal(HttpStatusCode.PreconditionFailed, weakDelete.Status);
        Assert.Equal(HttpStatusCode.NoContent, delete.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Get, path)).Status);
    }

    [Theory]
    [MemberData(nameof(VersionedResource.Names), MemberType = typeof(VersionedResource))]
    public async Task Concurrent_writes_naming_the_same_version_apply_once(string kind)
    {
        var (api, resource, id) = await CreateAsync(kind);
        var path = resource.Path(id);
        var etag = (await SendAsync(api, HttpMethod.Get, path)).Header("ETag")!;

        var writes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendAsync(api, HttpMethod.Patch, path, ("If-Match", etag), resource.Change)));

        Assert.Single(writes, w => w.Status == HttpStatusCode.OK);
        Assert.All(writes.Where(w => w.Status != HttpStatusCode.OK), w => Assert.Equal((HttpStatusCode.PreconditionFailed, "precondition_failed"), (w.Status, w.Code)));
    }

    [Theory]
    [MemberData(nameof(VersionedResource.Names), MemberType = typeof(VersionedResource))]
    public async Task Concurrent_writes_without_If_Match_all_apply_as_before(string kind)
    {
        var (api, resource, id) = await CreateAsync(kind);
        var path = resource.Path(id);
        var before = (await SendAsync(api, HttpMethod.Get, path)).Header("ETag")!;

        var writes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendAsync(api, HttpMethod.Patch, path, body: resource.Change)));
        var after = await SendAsync(api, HttpMethod.Get, path);

        Assert.All(writes, w => Assert.Equal(HttpStatusCode.OK, w.Status));
        Assert.NotEqual(before, after.Header("ETag"));
        Assert.Contains(writes, w => w.Header("ETag") == after.Header("ETag"));
    }

    [Theory]
    [MemberData(nameof(VersionedResource.Names), MemberType = typeof(VersionedResource))]
    public async Task GraphQL_shows_the_version_the_ETag_carries_and_refuses_a_stale_expected_version(string kind)
    {
        var (api, resource, id) = await CreateAsync(kind);
        var etag = (await SendAsync(api, HttpMethod.Get, resource.Path(id))).Header("ETag")!;
        var version = await resource.GraphQLVersionAsync(api, id);

        var updated = await resource.UpdateAsync(api, id, version);
        var stale = await resource.UpdateAsync(api, id, version);

        Assert.EndsWith($".{version}\"", etag, StringComparison.Ordinal);
        Assert.Empty(updated["userErrors"]!.AsArray());
        Assert.Equal(version + 1, updated[resource.Update.Field]![resource.VersionField]!.GetValue<long>());
        Assert.Equal("precondition_failed", stale["userErrors"]![0]!.Str("code"));
        Assert.Equal(version + 1, await resource.GraphQLVersionAsync(api, id));
    }

    [Fact]
    public async Task Creating_and_upserting_answer_the_new_ETag_and_a_stale_upsert_is_refused()
    {
        var api = await Factory.CreateTenantAsync();
        var created = await SendAsync(api, HttpMethod.Put, "/v1/customers/by-external-id/etag-1", null, new { name = "Li Lei" });
        var read = await SendAsync(api, HttpMethod.Get, "/v1/customers/by-external-id/etag-1");
        var replaced = await SendAsync(api, HttpMethod.Put, "/v1/customers/by-external-id/etag-1", ("If-Match", read.Header("ETag")!), new { name = "Han Meimei" });
        var stale = await SendAsync(api, HttpMethod.Put, "/v1/customers/by-external-id/etag-1", ("If-Match", read.Header("ETag")!), new { name = "Lily" });
        var absent = await SendAsync(api, HttpMethod.Put, "/v1/customers/by-external-id/etag-2", ("If-Match", "*"), new { name = "Lucy" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(created.Header("ETag"), read.Header("ETag"));
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.NotEqual(read.Header("ETag"), replaced.Header("ETag"));
        Assert.Equal((HttpStatusCode.PreconditionFailed, "precondition_failed"), (stale.Status, stale.Code));
        Assert.Equal((HttpStatusCode.PreconditionFailed, "precondition_failed"), (absent.Status, absent.Code));
        Assert.Equal("Han Meimei", (await api.GetAsync("/v1/customers/by-external-id/etag-1")).Str("name"));
    }

    private async Task<(TenantSession Api, VersionedResource Resource, string Id)> CreateAsync(string kind)
    {
        var api = await Factory.CreateTenantAsync();
        var resource = VersionedResource.All[kind];
        return (api, resource, await resource.CreateAsync(api));
    }

    private static async Task<SeenResponse> SendAsync(TenantSession api, HttpMethod method, string path, (string Name, string Value)? header = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        if (header is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }

        var response = await api.Http.SendAsync(request);
        return new SeenResponse(response.StatusCode, response, await response.Content.ReadAsByteArrayAsync());
    }
}

public sealed class ConditionalRequestsOnSqlite(SqliteTagApiFactory factory) : ConditionalRequestsTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class ConditionalRequestsOnPostgres(PostgresTagApiFactory factory) : ConditionalRequestsTests(factory), IClassFixture<PostgresTagApiFactory>;
