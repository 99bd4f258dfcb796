using System.Text;
using System.Text.Json;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// How to build a valid request for an operation: its body and query, from the caller's own resources
/// (path parameters come from <see cref="SeededTenant.ByCollection"/>). With a valid request, a refusal
/// can only come from what the matrix varies — the id's tenant, the token's scopes, the input corrupted.
/// </summary>
/// <param name="Body">The JSON body (an object, or a string sent as is); null for none.</param>
/// <param name="Query">The query string without <c>?</c>.</param>
/// <param name="ContentType">The body's media type.</param>
/// <param name="KeyedByCaller">The path names a key the caller chooses in its own tenant (an external id): another tenant's value addresses the caller's own resource, if any.</param>
public sealed record RestRecipe(
    Func<SeededTenant, object?>? Body = null, Func<SeededTenant, string>? Query = null, string ContentType = "application/json", bool KeyedByCaller = false)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Operations (by method and path template) that need more than their path: a body, or a query
    /// parameter they cannot do without. Any other operation is built from its path alone, so a new one is
    /// covered without a line here; a protected one with a body and no line fails the matrices.
    /// </summary>
    public static IReadOnlyDictionary<string, RestRecipe> ByOperation { get; } = new Dictionary<string, RestRecipe>(StringComparer.Ordinal)
    {
        ["GET /v1/analytics/tag-overlap"] = new(Query: t => $"tags={t.TagKey},{t.Tag2Key}"),
        ["POST /v1/api-clients"] = new(_ => new { name = "probe", scopes = new[] { "tags:read" } }),
        ["POST /v1/activities"] = new(t => new { customer = t.CustomerId, type = "visit" }),
        ["POST /v1/activities/batch"] = new(t => new { activities = new[] { new { customer = t.CustomerId, type = "visit" } } }),
        ["POST /v1/activities/bulk"] = new(t => $"{{\"customer\":\"{t.CustomerId}\",\"type\":\"visit\"}}\n", ContentType: "application/x-ndjson"),
        ["POST /v1/bulk-jobs"] = new(t => new { kind = "segment.tag", segment = t.SegmentKey, tag = t.ProbeTagKey, op = "add" }),
        ["POST /v1/customers"] = new(_ => new { externalId = Unique("probe") }),
        ["PATCH /v1/customers/{id}"] = new(_ => new { city = "Probe" }),
        ["PUT /v1/customers/by-external-id/{externalId}"] = new(_ => new { city = "Probe" }, KeyedByCaller: true),
        ["GET /v1/customers/by-external-id/{externalId}"] = new(KeyedByCaller: true),
        ["POST /v1/customers/{id}/tags"] = new(t => new { add = new[] { t.ProbeTagKey } }),
        ["POST /v1/tag-assignments"] = new(t => new { add = new[] { new { customer = t.CustomerId, tag = t.ProbeTagKey } } }),
        ["POST /v1/rules"] = new(t => new { key = Unique("probe_rule"), name = "Probe", tag = t.FreeTagKey, condition = "true", enabled = false }),
        ["PATCH /v1/rules/{idOrKey}"] = new(_ => new { name = "Probe" }),
        ["GET /v1/customers/{id}/explain"] = new(Query: t => "tag=" + t.TagKey),
        ["POST /v1/segments"] = new(_ => new { key = Unique("probe_seg"), name = "Probe", query = "true" }),
        ["PATCH /v1/segments/{idOrKey}"] = new(_ => new { name = "Probe" }),
        ["POST /v1/segments/validate"] = new(_ => new { query = "true" }),
        ["POST /v1/segments/query"] = new(_ => new { query = "true", limit = 1 }),
        ["POST /v1/tag-categories"] = new(_ => new { key = Unique("probe_cat"), name = "Probe" }),
        ["PATCH /v1/tag-categories/{idOrKey}"] = new(_ => new { name = "Probe" }),
        ["POST /v1/tags"] = new(_ => new { key = Unique("probe_tag"), name = "Probe" }),
        ["PATCH /v1/tags/{idOrKey}"] = new(_ => new { name = "Probe" }),
        ["POST /v1/tags/{idOrKey}/merge"] = new(t => new { into = t.ProbeTagKey }),
        ["POST /v1/webhook-endpoints"] = new(_ => new { url = "http://127.0.0.1:9/probe", eventTypes = new[] { "webhook_endpoint.disabled" } }),
        ["PATCH /v1/webhook-endpoints/{id}"] = new(_ => new { description = "Probe" }),
        ["POST /v1/webhook-endpoints/{id}/replay"] = new(_ => new { since = "2020-01-01T00:00:00Z" }),
    };

    // Keys of new resources differ per request, so that whether one probe succeeded never decides another's answer.
    private static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>Why no request can be built for <paramref name="operation"/>, or null when one can.</summary>
    public static string? MissingFor(OpenApiOperation operation) =>
        operation.Scopes.Count > 0 && operation.BodyMediaTypes.Count > 0 && !ByOperation.ContainsKey(operation.Key) ? $"{operation} takes a body but has no recipe"
        : operation.Collection is { } c && !SeededTenant.ByCollection.ContainsKey(c) ? $"{operation}: no seeded resource for the parameter under {c}"
        : operation.PathParameters.Count > 1 ? $"{operation}: more than one path parameter; teach RestRecipe.Build which is which"
        : null;

    /// <summary>The recipe of <paramref name="operation"/>: its line in the table, or its path alone.</summary>
    public static RestRecipe For(OpenApiOperation operation) =>
        MissingFor(operation) is { } missing ? throw new InvalidOperationException(missing)
        : ByOperation.TryGetValue(operation.Key, out var recipe) ? recipe : new RestRecipe();

    /// <summary>
    /// The request: path parameters name <paramref name="owner"/>'s resources (by key when <paramref name="byKey"/>
    /// and the resource has one), body and query are the <paramref name="caller"/>'s.
    /// </summary>
    public HttpRequestMessage Build(OpenApiOperation operation, SeededTenant owner, SeededTenant caller, bool byKey = false, string? extraQuery = null)
    {
        var path = operation.Path;
        if (operation.Collection is { } collection)
        {
            var (id, key) = SeededTenant.ByCollection[collection](owner);
            path = path.Replace("{" + operation.PathParameters[0] + "}", Uri.EscapeDataString(byKey && key is not null ? key : id), StringComparison.Ordinal);
        }

        var query = string.Join('&', new[] { Query?.Invoke(caller), extraQuery }.Where(q => !string.IsNullOrEmpty(q)));
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), query.Length == 0 ? path : $"{path}?{query}");
        if (Body?.Invoke(caller) is { } body)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body, Web), Encoding.UTF8, ContentType);
        }

        return request;
    }

    /// <summary>The JSON body as a mutable object, for the corpus to corrupt; null when the body is not a JSON object.</summary>
    public System.Text.Json.Nodes.JsonObject? BodyObject(SeededTenant caller) =>
        Body?.Invoke(caller) is { } body and not string ? JsonSerializer.SerializeToNode(body, Web) as System.Text.Json.Nodes.JsonObject : null;
}
