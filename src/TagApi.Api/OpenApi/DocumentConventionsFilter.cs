using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TagApi.Api.OpenApi;

/// <summary>
/// Document-wide parts: the shared headers and parameters, the typed <c>Problem</c> schema, the
/// token operation, described tags, and no schema that only .NET needs.
/// </summary>
internal sealed class DocumentConventionsFilter : IDocumentFilter
{
    public const string AuthTag = "Auth";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        [AuthTag] = "OAuth2 client credentials: exchange a client id and secret for a one-hour JWT.",
        ["Tag categories"] = "Groups of tags; in an exclusive category a customer holds at most one tag.",
        ["Tags"] = "The tag taxonomy: keys, Unicode names, colours, parents, archiving, merging, and each tag's holders.",
        ["Customers"] = "Customers synced from your systems, by TagApi id or by your own external id (idempotent upsert).",
        ["Customer tags"] = "Adding and removing customers' tags, one customer at a time or in batches of up to 1,000 pairs, and the tag ledger.",
        ["Activities"] = "Behaviour ingestion (purchases, interactions, visits…) that rules and segment queries aggregate.",
        ["Segments"] = "Saved and ad-hoc segment queries: exact counts, member pages, streamed exports, validation.",
        ["Rules"] = "Tagging rules that assign tags from segment conditions: preview, runs, history, and explanations per customer.",
        ["Webhooks"] = "Signed event deliveries (Standard Webhooks) and the change log for reconciliation.",
        ["API clients"] = "The tenant's own OAuth2 clients for its integrations.",
        ["Health"] = "Liveness and readiness probes (not metered, no token needed).",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var components = swaggerDoc.Components ??= new OpenApiComponents();
        components.Headers = StandardHeaders.Headers();
        components.Parameters = StandardHeaders.Parameters();
        components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var unused in new[] { "ProblemDetails", "JsonNode", "JsonNodeOptions", "JsonElement", "ActivityRequest" })
        {
            components.Schemas.Remove(unused);
        }

        context.SchemaGenerator.GenerateSchema(typeof(TagApi.Core.Common.BatchItemError), context.SchemaRepository);
        components.Schemas[ProblemResponses.SchemaName] = ProblemSchema(swaggerDoc);
        TokenOperation.AddTo(swaggerDoc);
        SharedSchemas.AddTo(swaggerDoc);

        var used = (swaggerDoc.Paths ?? []).Values.SelectMany(p => p.Operations ?? []).SelectMany(o => o.Value.Tags ?? Enumerable.Empty<OpenApiTagReference>())
            .Select(t => t.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        swaggerDoc.Tags = new HashSet<OpenApiTag>(TagDescriptions.Where(t => used.Contains(t.Key))
            .Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
    }

    private static OpenApiSchema ProblemSchema(OpenApiDocument document) => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. `code` is stable and machine-readable; new codes may be added, so treat an unknown one by its HTTP status.",
        Required = new SortedSet<string>(["code", "status", "title", "type"], StringComparer.Ordinal),
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = Text("A URI naming the problem type, e.g. `https://tagapi.dev/problems/validation-failed`.", 200, "uri-reference"),
            ["title"] = Text("A short summary of the problem type.", 200),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599", Description = "The HTTP status." },
            ["detail"] = Nullable(Text("What went wrong in this occurrence, for a person.", 4000)),
            ["instance"] = Nullable(Text("The request path.", 8192)),
            ["code"] = new OpenApiSchemaReference(SharedSchemas.ProblemCode, document),
            ["errors"] = new OpenApiSchema
            {
                Description = "For `validation_failed` (and other field errors): messages per field, by the field's JSON name (`activities[2].amount`). "
                    + "For `query_invalid`: every problem in the query, with its position.",
                OneOf =
                [
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        AdditionalProperties = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array, MaxItems = ContractLimits.UnboundedItems, Items = Text("A message.", ContractLimits.QueryMessageMaxLength),
                        },
                    },
                    new OpenApiSchema { Type = JsonSchemaType.Array, MaxItems = ContractLimits.UnboundedItems, Items = new OpenApiSchemaReference("QueryErrorResponse", document) },
                ],
            },
            ["items"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "For `batch_rejected`: why each refused item of the batch was refused.",
                MaxItems = ContractLimits.Find(null, "items") is ArrayLimit a ? a.MaxItems : null,
                Items = new OpenApiSchemaReference(nameof(TagApi.Core.Common.BatchItemError), document),
            },
            ["traceId"] = Text("Identifies the request in the server's logs.", 128),
        },
    };

    private static OpenApiSchema Text(string description, int maxLength, string? format = null) =>
        new() { Type = JsonSchemaType.String, Description = description, MaxLength = maxLength, Format = format };

    private static OpenApiSchema Nullable(OpenApiSchema schema)
    {
        schema.Type |= JsonSchemaType.Null;
        return schema;
    }
}
