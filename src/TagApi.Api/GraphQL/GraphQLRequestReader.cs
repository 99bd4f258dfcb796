using System.Buffers;
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

        // The body is read into a pooled buffer and parsed from its bytes: no growing stream or string copy per request.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp((http.ContentLength ?? 4096) + 1, 256, maxBytes + 1L)); // + 1: a body of its stated length never fills it
        try
        {
            var length = 0;
            int read;
            while ((read = await http.Body.ReadAsync(buffer.AsMemory(length), http.HttpContext.RequestAborted)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            var start = buffer.AsSpan(0, length).StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
            return await ParseAsync(buffer, start, length - start);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private async Task<(GraphQLRequest?, RequestFailure?)> ParseAsync(byte[] buffer, int start, int length)
    {
        var first = FirstToken(buffer.AsSpan(start, length));
        if (first != (byte)'{')
        {
            return (null, new RequestFailure(400, first == (byte)'['
                ? "Batched requests are not supported; send one operation per request."
                : "The body must be a JSON object with a 'query' member."));
        }

        try
        {
            // From the bytes (a stream over the buffer completes synchronously), not from a string copy of them.
            using var body = new MemoryStream(buffer, start, length, writable: false);
            return (await ((IGraphQLSerializer)serializer).ReadAsync<GraphQLRequest>(body, CancellationToken.None), null);
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
