using System.Text.Json;
using GraphQL;
using GraphQL.Transport;

namespace TagApi.Api.GraphQL;

/// <summary>Why a request could not be read: a problem status (413, 415) or a 400 with a GraphQL error.</summary>
public sealed record RequestFailure(int Status, string Message, bool AsProblem = false);

/// <summary>
/// Reads a GraphQL-over-HTTP request: a JSON body on POST, query parameters on GET. One request
/// per call: a JSON array (batch) is refused, so limits cannot be spread over many operations.
/// </summary>
public sealed class GraphQLRequestReader(IGraphQLTextSerializer serializer)
{
    public async Task<(GraphQLRequest? Request, RequestFailure? Failure)> ReadAsync(HttpRequest http, int maxBytes)
    {
        if (HttpMethods.IsGet(http.Method))
        {
            return ReadQueryString(http.Query, maxBytes);
        }

        if (!GraphQLMediaTypes.IsJsonBody(http))
        {
            return (null, new RequestFailure(415, "Send the request as application/json (UTF-8).", AsProblem: true));
        }

        if (http.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, http.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var first = FirstToken(bytes.Span);
        if (first != (byte)'{')
        {
            return (null, new RequestFailure(400, first == (byte)'['
                ? "Batched requests are not supported; send one operation per request."
                : "The body must be a JSON object with a 'query' member."));
        }

        try
        {
            return (serializer.Deserialize<GraphQLRequest>(System.Text.Encoding.UTF8.GetString(bytes.Span)), null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return (null, new RequestFailure(400, "The body is not a valid GraphQL request: " + e.Message));
        }
    }

    private (GraphQLRequest?, RequestFailure?) ReadQueryString(IQueryCollection query, int maxBytes)
    {
        if (query["query"].ToString().Length > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        try
        {
            return (new GraphQLRequest
            {
                Query = NullIfEmpty(query["query"]),
                OperationName = NullIfEmpty(query["operationName"]),
                Variables = NullIfEmpty(query["variables"]) is { } variables ? serializer.Deserialize<Inputs>(variables) : null,
                Extensions = NullIfEmpty(query["extensions"]) is { } extensions ? serializer.Deserialize<Inputs>(extensions) : null,
            }, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return (null, new RequestFailure(400, "The 'variables' or 'extensions' parameter is not a JSON object: " + e.Message));
        }
    }

    private static RequestFailure TooLarge(int maxBytes) =>
        new(413, $"A GraphQL request is at most {maxBytes / 1024} KB; send variables instead of inlining large values.", AsProblem: true);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static byte FirstToken(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
            {
                return b;
            }
        }

        return 0;
    }
}
