using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace TagApi.Api.OpenApi;

/// <summary>
/// The response headers and request header parameters of PRODUCT.md §2.2 and §2.5, defined once
/// under <c>components</c> and referenced by every operation.
/// </summary>
internal static class StandardHeaders
{
    public const string RateLimit = "RateLimit";
    public const string RateLimitPolicy = "RateLimit-Policy";
    public const string RetryAfter = "Retry-After";
    public const string AllowOrigin = "Access-Control-Allow-Origin";
    public const string ETag = "ETag";
    public const string IdempotentReplayed = "Idempotent-Replayed";
    public const string Location = "Location";

    public const string IdempotencyKey = "Idempotency-Key";
    public const string IfMatch = "If-Match";
    public const string IfNoneMatch = "If-None-Match";

    /// <summary>The longest entity tag the server writes: a quoted version number.</summary>
    public const int ETagMaxLength = 64;

    /// <summary>PRODUCT.md §2.5: 1–255 printable ASCII characters, bare or as a quoted sf-string.</summary>
    public const int IdempotencyKeyMaxLength = 255;

    public static Dictionary<string, IOpenApiHeader> Headers() => new(StringComparer.Ordinal)
    {
        [RateLimitPolicy] = Text("The client's token-bucket policy (IETF RateLimit headers draft): quota and window, e.g. `\"default\";q=1000;w=10`.", 200),
        [RateLimit] = Text("What is left of the client's bucket and when it refills, e.g. `\"default\";r=998;t=1`.", 200),
        [RetryAfter] = new OpenApiHeader
        {
            Description = "Seconds to wait before retrying (on 429).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "86400" },
        },
        [AllowOrigin] = Text(
            "Present only for a request whose `Origin` is one of the configured `Cors:AllowedOrigins` (none by default): that origin, echoed. "
            + "Browsers then expose `RateLimit`, `RateLimit-Policy`, `Retry-After`, `ETag`, `Idempotent-Replayed` and `Location` to the page.", 2048),
        [ETag] = Text("Strong entity tag of the resource's current version; send it back in `If-Match` or `If-None-Match`.", ETagMaxLength, "^\"[^\"]*\"$"),
        [IdempotentReplayed] = new OpenApiHeader
        {
            Description = "`true` when this answer is the stored outcome of an earlier request with the same `Idempotency-Key`; nothing was changed again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] },
        },
        [Location] = Text("Path of the created resource.", 2048),
    };

    public static Dictionary<string, IOpenApiParameter> Parameters() => new(StringComparer.Ordinal)
    {
        [IdempotencyKey] = new OpenApiParameter
        {
            Name = IdempotencyKey,
            In = ParameterLocation.Header,
            Description = "Makes a retry safe: the first request's outcome (status, `Location`, `ETag`, body) is stored with the change for 24 hours, "
                + "per client; a retry with the same key and request replays it with `Idempotent-Replayed: true`. The same key with another "
                + "request is 422 `idempotency_key_reused`; a retry while the first is still running is 409 `idempotency_in_flight`. "
                + "1–255 printable ASCII characters, bare or as a quoted structured-field string.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeyMaxLength + 2, Pattern = "^[\\x20-\\x7E]+$" },
            Example = JsonValue.Create("9f1c2e7a-4b1d-4c55-8f0e-2d7c1f3b6a90"),
        },
        [IfMatch] = new OpenApiParameter
        {
            Name = IfMatch,
            In = ParameterLocation.Header,
            Description = "Change only if the resource still has this `ETag`; otherwise 412 `precondition_failed` and nothing changes.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = ETagMaxLength, Pattern = "^(\\*|\"[^\"]*\")$" },
        },
        [IfNoneMatch] = new OpenApiParameter
        {
            Name = IfNoneMatch,
            In = ParameterLocation.Header,
            Description = "Answer 304 without a body (and without a rate-limit charge) while the resource still has this `ETag`.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = ETagMaxLength, Pattern = "^(\\*|\"[^\"]*\")$" },
        },
    };

    private static OpenApiHeader Text(string description, int maxLength, string? pattern = null) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength, Pattern = pattern } };
}
