using System.Net;
using System.Text;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Common;

/// <summary>Every error is a problem with a <c>code</c>, the framework's own answers included.</summary>
public sealed class ProblemCodeTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    [Fact]
    public async Task An_unknown_route_is_a_not_found_problem()
    {
        var api = await factory.CreateTenantAsync();
        var problem = await ExpectProblemAsync(await api.Http.GetAsync("/v1/no-such-thing"), HttpStatusCode.NotFound);
        Assert.Equal("not_found", problem.Str("code"));
        Assert.Equal("/v1/no-such-thing", problem.Str("instance"));
    }

    [Fact]
    public async Task A_method_a_path_does_not_take_is_a_method_not_allowed_problem()
    {
        var api = await factory.CreateTenantAsync();
        using var response = await api.Http.PutAsync("/v1/tags", new StringContent("{}", Encoding.UTF8, "application/json"));
        var problem = await ExpectProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("method_not_allowed", problem.Str("code"));
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_body_of_another_media_type_is_an_unsupported_media_type_problem()
    {
        var api = await factory.CreateTenantAsync();
        var problem = await ExpectProblemAsync(await api.Http.PostAsync("/v1/tags", new StringContent("key=a", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("unsupported_media_type", problem.Str("code"));
    }

    [Fact]
    public async Task A_member_given_twice_is_refused_naming_it()
    {
        var api = await factory.CreateTenantAsync();
        var twice = await api.SendAsync(HttpMethod.Post, "/v1/tags", """{"key":"first","name":"First","key":"second"}""", HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", twice.Str("code"));
        Assert.NotNull(twice["errors"]!["key"]);

        var inAttributes = await api.SendAsync(HttpMethod.Put, "/v1/customers/by-external-id/dup",
            """{"name":"Li","attributes":{"vipLevel":1,"vipLevel":3}}""", HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", inAttributes.Str("code"));
        Assert.NotNull(inAttributes["errors"]!["attributes.vipLevel"]);
        await api.GetAsync("/v1/customers/by-external-id/dup", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_limit_of_zero_on_segment_members_is_refused_like_on_every_list()
    {
        var api = await factory.CreateTenantAsync();
        await api.PostAsync("/v1/segments", new { key = "all", name = "All", query = "true" }, HttpStatusCode.Created);

        Assert.NotNull((await api.GetAsync("/v1/segments/all/customers?limit=0", HttpStatusCode.BadRequest))["errors"]!["limit"]);
        Assert.NotNull((await api.GetAsync("/v1/customers?query=true&limit=0", HttpStatusCode.BadRequest))["errors"]!["limit"]);
        Assert.NotNull((await api.GetAsync("/v1/segments/all/customers?limit=201", HttpStatusCode.BadRequest))["errors"]!["limit"]);
        await api.GetAsync("/v1/segments/all/customers?limit=1");
        // An ad-hoc query still takes limit 0: it asks for the count alone.
        Assert.Empty((await api.PostAsync("/v1/segments/query", new { query = "true", limit = 0 }))["data"]!.AsArray());
    }

    private async Task<System.Text.Json.Nodes.JsonNode> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using var http = factory.CreateClient();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await http.ExpectAsync(response, status);
        Assert.StartsWith("https://tagapi.dev/problems/", problem.Str("type"), StringComparison.Ordinal);
        return problem;
    }
}
