using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TagApi.Api.Tests.Infrastructure;

/// <summary>GraphQL over HTTP for tests: real tokens, real JSON, the status and media type checked by the caller.</summary>
public static class GraphQLClient
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>POSTs an operation and returns the response (to check status and headers) and its parsed body.</summary>
    public static async Task<(HttpResponseMessage Response, JsonNode Body)> PostGraphQLAsync(
        this HttpClient http, string query, object? variables = null, string? accept = null, string? operationName = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query, variables, operationName }, options: Web),
        };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!);
    }

    /// <summary>Runs an operation that must succeed without errors and returns its <c>data</c>.</summary>
    public static async Task<JsonNode> GraphQLAsync(this TenantSession session, string query, object? variables = null)
    {
        var (response, body) = await session.Http.PostGraphQLAsync(query, variables);
        Assert.True(response.StatusCode == HttpStatusCode.OK && body["errors"] is null, $"GraphQL failed ({(int)response.StatusCode}): {body.ToJsonString()}");
        return body["data"]!;
    }

    /// <summary>Runs an operation expected to fail as a whole and returns the body.</summary>
    public static async Task<JsonNode> GraphQLErrorAsync(this TenantSession session, string query, HttpStatusCode expected, object? variables = null)
    {
        var (response, body) = await session.Http.PostGraphQLAsync(query, variables);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body.ToJsonString()}");
        Assert.NotNull(body["errors"]);
        return body;
    }

    /// <summary>The <c>extensions.code</c> of every error.</summary>
    public static string[] ErrorCodes(this JsonNode body) =>
        body["errors"]!.AsArray().Select(e => e!["extensions"]?["code"]?.GetValue<string>() ?? "").ToArray();
}
