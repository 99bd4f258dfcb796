using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Idempotency;

/// <summary>A response as a client sees it: status, headers, body byte for byte.</summary>
public sealed record SeenResponse(HttpStatusCode Status, HttpResponseMessage Message, byte[] Body)
{
    public bool Replayed => Message.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";

    public string? Header(string name) =>
        Message.Headers.TryGetValues(name, out var values) || Message.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;

    public JsonNode Json => JsonNode.Parse(Body)!;

    public string Code => Json["code"]!.GetValue<string>();
}

/// <summary>Writes sent with an <c>Idempotency-Key</c> (raw, so tests control its exact spelling).</summary>
public static class KeyedRequests
{
    public static async Task<SeenResponse> SendKeyedAsync(this TenantSession session, HttpMethod method, string url, string? json, string? key, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await session.Http.SendAsync(request);
        return new SeenResponse(response.StatusCode, response, await response.Content.ReadAsByteArrayAsync());
    }

    public static Task<SeenResponse> PostKeyedAsync(this TenantSession session, string url, string json, string key) =>
        session.SendKeyedAsync(HttpMethod.Post, url, json, key);

    /// <summary>The events of the change log of a type.</summary>
    public static async Task<int> EventCountAsync(this TenantSession session, string type) =>
        (await session.GetAsync($"/v1/events?type={type}&limit=200"))["data"]!.AsArray().Count;
}
