using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Auth;

/// <summary>Each endpoint needs exactly the scope PRODUCT.md gives it; without it the answer is 403, with it never 403.</summary>
public sealed class ScopeTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "GET", "/v1/tag-categories", Scopes.TagsRead },
        { "GET", "/v1/tag-categories/basic", Scopes.TagsRead },
        { "POST", "/v1/tag-categories", Scopes.TagsWrite },
        { "PATCH", "/v1/tag-categories/basic", Scopes.TagsWrite },
        { "DELETE", "/v1/tag-categories/basic", Scopes.TagsWrite },
        { "GET", "/v1/tags", Scopes.TagsRead },
        { "GET", "/v1/tags/x", Scopes.TagsRead },
        { "POST", "/v1/tags", Scopes.TagsWrite },
        { "PATCH", "/v1/tags/x", Scopes.TagsWrite },
        { "DELETE", "/v1/tags/x", Scopes.TagsWrite },
        { "POST", "/v1/tags/x/merge", Scopes.TagsWrite },
        { "GET", "/v1/tags/x/customers", Scopes.CustomersRead },
        { "GET", "/v1/customers", Scopes.CustomersRead },
        { "GET", "/v1/customers/cus_0000000000001", Scopes.CustomersRead },
        { "GET", "/v1/customers/by-external-id/x", Scopes.CustomersRead },
        { "POST", "/v1/customers", Scopes.CustomersWrite },
        { "PATCH", "/v1/customers/cus_0000000000001", Scopes.CustomersWrite },
        { "PUT", "/v1/customers/by-external-id/x", Scopes.CustomersWrite },
        { "DELETE", "/v1/customers/cus_0000000000001", Scopes.CustomersWrite },
        { "GET", "/v1/customers/cus_0000000000001/tags", Scopes.CustomersRead },
        { "POST", "/v1/customers/cus_0000000000001/tags", Scopes.CustomersWrite },
        { "GET", "/v1/customers/cus_0000000000001/tag-history", Scopes.CustomersRead },
        { "POST", "/v1/tag-assignments", Scopes.CustomersWrite },
        { "POST", "/v1/activities", Scopes.ActivitiesWrite },
        { "POST", "/v1/activities/bulk", Scopes.ActivitiesWrite },
        { "GET", "/v1/rules", Scopes.RulesRead },
        { "GET", "/v1/rules/x", Scopes.RulesRead },
        { "GET", "/v1/rules/x/versions", Scopes.RulesRead },
        { "GET", "/v1/rules/x/runs", Scopes.RulesRead },
        { "POST", "/v1/rules/x/preview", Scopes.RulesRead },
        { "POST", "/v1/rules", Scopes.RulesWrite },
        { "PATCH", "/v1/rules/x", Scopes.RulesWrite },
        { "DELETE", "/v1/rules/x", Scopes.RulesWrite },
        { "POST", "/v1/rules/x/run", Scopes.RulesWrite },
        { "GET", "/v1/customers/cus_0000000000001/explain?tag=x", Scopes.CustomersRead },
        { "GET", "/v1/api-clients", Scopes.ClientsManage },
        { "POST", "/v1/api-clients", Scopes.ClientsManage },
        { "DELETE", "/v1/api-clients/x", Scopes.ClientsManage },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_missing_scope_is_forbidden_and_the_right_one_is_enough(string method, string url, string scope)
    {
        var all = await factory.CreateTenantAsync();
        var withoutScope = await all.WithClientAsync(Scopes.All.Where(s => s != scope).ToArray());
        var onlyScope = await all.WithClientAsync(scope);

        var problem = await withoutScope.SendAsync(new HttpMethod(method), url, "{}", HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", problem.Str("code"));
        Assert.Contains(scope, problem.Str("detail"), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        using var response = await onlyScope.Http.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task No_token_is_unauthorized_with_a_problem()
    {
        using var anonymous = factory.CreateClient();
        using var response = await anonymous.GetAsync("/v1/tags");
        var problem = await anonymous.ExpectAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("unauthorized", problem.Str("code"));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_client_cannot_grant_scopes_it_does_not_hold()
    {
        var all = await factory.CreateTenantAsync();
        var manager = await all.WithClientAsync(Scopes.ClientsManage, Scopes.TagsRead);
        var problem = await manager.PostAsync("/v1/api-clients", new { scopes = new[] { Scopes.TagsWrite } }, HttpStatusCode.BadRequest);
        Assert.Contains("tags:write", problem["errors"]!["scopes"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await manager.PostAsync("/v1/api-clients", new { scopes = new[] { "made:up" } }, HttpStatusCode.BadRequest);
        await manager.PostAsync("/v1/api-clients", new { scopes = new[] { Scopes.TagsRead } }, HttpStatusCode.Created);
    }
}
