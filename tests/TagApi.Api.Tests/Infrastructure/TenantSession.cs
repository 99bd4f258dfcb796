using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Infrastructure;

/// <summary>One tenant seen through one API client with a real access token.</summary>
public sealed class TenantSession(TagApiFactory factory, long tenantId, string slug)
{
    public long TenantId { get; } = tenantId;

    public string Slug { get; } = slug;

    public string ClientId { get; private set; } = "";

    public string ClientSecret { get; private set; } = "";

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Another client of the same tenant with the given scopes, signed in through /connect/token.</summary>
    public async Task<TenantSession> WithClientAsync(params string[] scopes)
    {
        CreatedApiClient created;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(TenantId);
            created = await scope.ServiceProvider.GetRequiredService<ApiClientService>().CreateAsync("test client", scopes, null, CancellationToken.None);
        }

        var session = new TenantSession(factory, TenantId, Slug) { ClientId = created.Client.ClientId, ClientSecret = created.ClientSecret };
        session.Http = factory.CreateClient();
        session.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await session.RequestTokenAsync());
        return session;
    }

    /// <summary>The same client signed in on another host of the same database, as one client behind a load balancer reaches several nodes.</summary>
    public async Task<TenantSession> OnHostAsync(TagApiFactory host)
    {
        var session = new TenantSession(host, TenantId, Slug) { ClientId = ClientId, ClientSecret = ClientSecret };
        session.Http = host.CreateClient();
        session.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await session.RequestTokenAsync());
        return session;
    }

    /// <summary>Gets a fresh token, e.g. after the test clock moved past the old one's lifetime.</summary>
    public async Task RefreshTokenAsync() =>
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await RequestTokenAsync());

    public async Task<string> RequestTokenAsync(string? scope = null)
    {
        using var anonymous = factory.CreateClient();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var response = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var body = await Http.ExpectAsync(response, HttpStatusCode.OK);
        return body["access_token"]!.GetValue<string>();
    }

    public Task<JsonNode> GetAsync(string url, HttpStatusCode expected = HttpStatusCode.OK) => SendAsync(HttpMethod.Get, url, null, expected);

    public Task<JsonNode> PostAsync(string url, object? body, HttpStatusCode expected = HttpStatusCode.OK) => SendAsync(HttpMethod.Post, url, body, expected);

    public Task<JsonNode> PatchAsync(string url, object? body, HttpStatusCode expected = HttpStatusCode.OK) => SendAsync(HttpMethod.Patch, url, body, expected);

    public Task<JsonNode> PutAsync(string url, object? body, HttpStatusCode expected = HttpStatusCode.OK) => SendAsync(HttpMethod.Put, url, body, expected);

    public Task<JsonNode> DeleteAsync(string url, HttpStatusCode expected = HttpStatusCode.NoContent) => SendAsync(HttpMethod.Delete, url, null, expected);

    /// <summary>Sends a request (a string body is sent as raw JSON text) and checks the status.</summary>
    public async Task<JsonNode> SendAsync(HttpMethod method, string url, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        using var response = await Http.SendAsync(request);
        return await Http.ExpectAsync(response, expected);
    }

    public Task<JsonNode> CreateTagAsync(string key, string? category = null, string? parent = null, string? name = null) =>
        PostAsync("/v1/tags", new { key, name = name ?? key, category, parent }, HttpStatusCode.Created);

    public Task<JsonNode> UpsertCustomerAsync(string externalId, object? body = null, HttpStatusCode expected = HttpStatusCode.Created) =>
        PutAsync($"/v1/customers/by-external-id/{Uri.EscapeDataString(externalId)}", body ?? new { }, expected);

    public Task<JsonNode> ChangeTagsAsync(string customerId, string[]? add = null, string[]? remove = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        PostAsync($"/v1/customers/{customerId}/tags", new { add = add ?? [], remove = remove ?? [] }, expected);

    /// <summary>The count of a segment query (<c>POST /v1/segments/query</c> with <c>limit: 0</c>).</summary>
    public async Task<long> CountAsync(string query) =>
        (await PostAsync("/v1/segments/query", new { query, limit = 0 }))["count"]!.GetValue<long>();

    public async Task<string[]> TagKeysOfAsync(string customerId) =>
        (await GetAsync($"/v1/customers/{customerId}/tags"))["data"]!.AsArray().Select(t => t!["tag"]!["key"]!.GetValue<string>()).Order().ToArray();
}

/// <summary>Status assertions that show the body when they fail.</summary>
public static class HttpExpectations
{
    public static async Task<JsonNode> ExpectAsync(this HttpClient _, HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode} for {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static string Str(this JsonNode node, string member) => node[member]!.GetValue<string>();

    public static string[] Keys(this JsonNode list, string member = "key") => list["data"]!.AsArray().Select(i => i![member]!.GetValue<string>()).ToArray();
}
