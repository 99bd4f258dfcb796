using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace TagApi.Api.OpenApi;

/// <summary>Path and query parameters: camelCase names, a description each, and their <see cref="ContractLimits"/>.</summary>
internal static class ParameterConventions
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["id"] = "The resource's opaque id, e.g. `cus_0J5Q3R8W1ZK2M`.",
        ["idOrKey"] = "The resource's id or its key.",
        ["externalId"] = "The integrator's own customer id (escape `/` as `%2F`).",
        ["clientId"] = "The OAuth2 client id of the API client.",
        ["tag"] = "A tag, by id or key.",
        ["after"] = "Only events after this event id (`evt_…`); the change log from its start when absent.",
        ["type"] = "Only events of this type, e.g. `customer.tags.added`.",
        ["format"] = "`ndjson` (default): one JSON object per line; `csv`: a header line, then one line per member.",
        ["fields"] = "Columns, comma-separated: `id` first, then any of `externalId` and `email` (e-mail needs `customers:pii`). Default `id,externalId,email`.",
        ["includeDescendants"] = "Also count holders of any descendant tag.",
        ["limit"] = "Items per page, 1–200 (default 50).",
        ["cursor"] = "The `nextCursor` of the previous page.",
        ["category"] = "A tag category, by id or key.",
        ["interval"] = "The width of each point: `day` (default), `week` (from Monday) or `month`, in UTC.",
        ["asOf"] = "Answer as of this moment (UTC) from the tag ledger, instead of now.",
        ["from"] = "Start of the range (UTC), aligned down to its interval; 30 days or 12 weeks/months before `to` when absent.",
        ["to"] = "End of the range (UTC), now when absent.",
        ["days"] = "Tags with holders but no assignment or removal within this many days are candidates (1–3650, default 90).",
        ["includeUsed"] = "Also list candidates that rules or segments refer to, with what refers to them.",
        ["tags"] = "Up to 50 tags, by id or key, comma-separated.",
        ["segments"] = "Up to 50 saved segments, by id or key, comma-separated.",
        ["include"] = "`value`: add the customer's value (RFM scores and segment, pAlive, expected purchases, predicted CLV) to the answer.",
        ["kind"] = "The kind of an import whose file is the body: `customers.import`, `tag-assignments.import` or `activities.import` (a JSON body names its own kind).",
    };

    public static void Apply(OpenApiOperation operation)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            var name = parameter.Name ?? string.Empty;
            if (name.Length > 0 && char.IsUpper(name[0]))
            {
                parameter.Name = name = char.ToLowerInvariant(name[0]) + name[1..];
            }

            parameter.Description ??= Descriptions.GetValueOrDefault(name);
            if (parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            if (name == "interval")
            {
                schema.Enum = [JsonValue.Create("day"), JsonValue.Create("week"), JsonValue.Create("month")];
                schema.Default = JsonValue.Create("day");
            }

            if (name == "format")
            {
                schema.Enum = [JsonValue.Create("ndjson"), JsonValue.Create("csv")];
                schema.Default = JsonValue.Create("ndjson");
            }

            schema.Type &= ~JsonSchemaType.Null;
            SchemaShapeFilter.Limit(schema, ContractLimits.FindParameter(name) ?? PathLimit(name, parameter.In), name);
        }
    }

    private static StringLimit? PathLimit(string name, ParameterLocation? location) =>
        location == ParameterLocation.Path && name == "idOrKey" ? ContractLimits.IdOrKey : null;
}
