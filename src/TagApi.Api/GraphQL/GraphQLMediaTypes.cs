using Microsoft.Net.Http.Headers;

namespace TagApi.Api.GraphQL;

/// <summary>Content negotiation of the GraphQL-over-HTTP specification.</summary>
public static class GraphQLMediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// The response media type the Accept header allows: <c>application/graphql-response+json</c> unless
    /// only <c>application/json</c> is acceptable; null when neither is (406).
    /// </summary>
    public static string? Negotiate(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return GraphQLResponse;
        }

        string? best = null;
        double bestQuality = 0;
        foreach (var range in accept)
        {
            var quality = range.Quality ?? 1;
            var type = range.MediaType.Value?.ToLowerInvariant();
            var candidate = type switch
            {
                GraphQLResponse or "*/*" or "application/*" => GraphQLResponse,
                Json => Json,
                _ => null,
            };

            // Equal preference goes to the GraphQL response type, as the specification recommends.
            if (candidate is not null && quality > 0 && (quality > bestQuality || (quality == bestQuality && candidate == GraphQLResponse)))
            {
                (best, bestQuality) = (candidate, quality);
            }
        }

        return best;
    }

    /// <summary>True for a JSON request body (any charset parameter is accepted if it is UTF-8).</summary>
    public static bool IsJsonBody(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && string.Equals(type.MediaType.Value, Json, StringComparison.OrdinalIgnoreCase)
        && (type.Charset.Value is null || string.Equals(type.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase));
}
