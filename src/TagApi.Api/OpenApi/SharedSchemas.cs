using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Api.OpenApi;

/// <summary>
/// Named schemas for values that would otherwise be inline (and get generated names such as
/// <c>CustomerInput_attributes</c> or <c>Problem_code</c>): free JSON objects, scopes, event types, problem codes.
/// </summary>
internal static class SharedSchemas
{
    public const string JsonObject = "JsonObject";
    public const string Scope = "Scope";
    public const string EventType = "EventType";
    public const string ProblemCode = "ProblemCode";

    public static void AddTo(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas!;
        schemas[JsonObject] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = new OpenApiSchema(),
            Description = "A JSON object of your own members (any JSON values).",
        };
        schemas[Scope] = Enum("An OAuth2 scope (see the security scheme for what each allows).", Scopes.All);
        schemas[EventType] = Enum("A webhook event type.", EventTypes.All);
        schemas[ProblemCode] = Enum("A stable problem code. New codes may be added: treat an unknown one by its HTTP status.", ProblemCodes.All);
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>().Where(s => s.Properties is not null).ToList())
        {
            foreach (var (name, member) in schema.Properties!.ToList())
            {
                if (member is OpenApiSchema { AdditionalProperties: OpenApiSchema { Type: null }, Properties: null or { Count: 0 } } free
                    && free.Type?.HasFlag(JsonSchemaType.Object) == true && !ReferenceEquals(schema, schemas[JsonObject]))
                {
                    var reference = new OpenApiSchemaReference(JsonObject, document);
                    schema.Properties![name] = free.Type!.Value.HasFlag(JsonSchemaType.Null)
                        ? new OpenApiSchema { OneOf = [reference], Type = JsonSchemaType.Object | JsonSchemaType.Null, Description = free.Description }
                        : reference;
                }
            }
        }
    }

    private static OpenApiSchema Enum(string description, IEnumerable<string> values) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
    };
}
