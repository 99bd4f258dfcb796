using System.Net.Http.Headers;
using System.Text.Json;

// Lives in the SDK's root namespace with the generated ApiException it extends, so one `using` finds both.
namespace TagApi.Client;

/// <summary>
/// TagApi answered with an error: an RFC 9457 problem (or, from the token endpoint, an OAuth error).
/// <see cref="Code"/> is stable and machine-readable; new codes may appear, so fall back on <see cref="Status"/>.
/// </summary>
public sealed class TagApiProblemException : ApiException
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TagApiProblemException(string message, int status, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers)
        : base(message, status, body, headers, null)
    {
    }

    /// <summary>The stable problem code (<c>validation_failed</c>, <c>not_found</c>, <c>rate_limited</c>, or an OAuth error such as <c>invalid_client</c>).</summary>
    public string Code { get; private init; } = "";

    /// <summary>The HTTP status.</summary>
    public int Status => StatusCode;

    /// <summary>A short summary of the problem type.</summary>
    public string? Title { get; private init; }

    /// <summary>What went wrong in this occurrence, for a person.</summary>
    public string? Detail { get; private init; }

    /// <summary>Messages per field, by the field's JSON name (<c>activities[2].amount</c>); empty when none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; private init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>For <c>query_invalid</c>: every problem in the query, with its position.</summary>
    public IReadOnlyList<QueryErrorResponse> QueryErrors { get; private init; } = [];

    /// <summary>For <c>batch_rejected</c>: why each refused item was refused.</summary>
    public IReadOnlyList<BatchItemError> Items { get; private init; } = [];

    /// <summary>Identifies the request in the server's logs.</summary>
    public string? TraceId { get; private init; }

    /// <summary>How long the server asked to wait (429, 503) when the SDK's retries were spent.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    internal static async Task<TagApiProblemException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var headers = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.SelectMany(h => h.Value), StringComparer.OrdinalIgnoreCase);
        var status = (int)response.StatusCode;
        var root = TryParse(body);
        var code = Text(root, "code") ?? Text(root, "error") ?? $"http_{status}";
        var detail = Text(root, "detail") ?? Text(root, "error_description");
        var title = Text(root, "title") ?? response.ReasonPhrase;
        return new TagApiProblemException($"TagApi answered {status} {code}: {detail ?? title}", status, body, headers)
        {
            Code = code,
            Title = title,
            Detail = detail,
            Errors = FieldErrors(root),
            QueryErrors = List<QueryErrorResponse>(root, "errors", JsonValueKind.Array),
            Items = List<BatchItemError>(root, "items", JsonValueKind.Array),
            TraceId = Text(root, "traceId"),
            RetryAfter = RetryAfterOf(response.Headers.RetryAfter),
        };
    }

    private static JsonElement? TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null; // Not JSON (a proxy's HTML page): the status and reason phrase are all there is.
        }
    }

    private static string? Text(JsonElement? root, string name) =>
        root is { } r && r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, IReadOnlyList<string>> FieldErrors(JsonElement? root)
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (root is { } r && r.TryGetProperty("errors", out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in value.EnumerateObject())
            {
                errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                    ? [.. field.Value.EnumerateArray().Select(m => m.ToString())]
                    : [field.Value.ToString()];
            }
        }

        return errors;
    }

    private static T[] List<T>(JsonElement? root, string name, JsonValueKind kind)
    {
        if (root is not { } r || !r.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            return [];
        }

        try
        {
            return value.Deserialize<T[]>(Json) ?? [];
        }
        catch (JsonException)
        {
            return []; // A shape this SDK version does not know; the raw body stays in Response.
        }
    }

    private static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? retryAfter) =>
        retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
}
