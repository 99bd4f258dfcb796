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
    /// Operations that need more than their path: a body, or a query parameter they cannot do without.
    /// Any other operation is built from its path alone, so a new one is covered without a line here;
    /// one with a body and no line fails the matrices.
    /// </summary>
    public static IReadOnlyDictionary<string, RestRecipe> ByOperation { get; } = new Dictionary<string, RestRecipe>(StringComparer.Ordinal)
    {
        ["CreateApiClient"] = new(_ => new { name = "probe", scopes = new[] { "tags:read" } }),
        ["RecordActivities"] = new(t => new { customer = t.CustomerId, type = "visit" }),
        ["ImportActivities"] = new(t => $"{{\"customer\":\"{t.CustomerId}\",\"type\":\"visit\"}}\n", ContentType: "application/x-ndjson"),
        ["CreateCustomer"] = new(_ => new { externalId = Unique("probe") }),
        ["UpdateCustomer"] = new(_ => new { city = "Probe" }),
        ["UpsertCustomer"] = new(_ => new { city = "Probe" }, KeyedByCaller: true),
        ["GetCustomerByExternalId"] = new(KeyedByCaller: true),
        ["ChangeCustomerTags"] = new(t => new { add = new[] { t.ProbeTagKey } }),
        ["ApplyTagAssignments"] = new(t => new { add = new[] { new { customer = t.CustomerId, tag = t.ProbeTagKey } } }),
        ["CreateRule"] = new(t => new { key = Unique("probe_rule"), name = "Probe", tag = t.FreeTagKey, condition = "true", enabled = false }),
        ["UpdateRule"] = new(_ => new { name = "Probe" }),
        ["ExplainCustomerTag"] = new(Query: t => "tag=" + t.TagKey),
        ["CreateSegment"] = new(_ => new { key = Unique("probe_seg"), name = "Probe", query = "true" }),
        ["UpdateSegment"] = new(_ => new { name = "Probe" }),
        ["ValidateSegmentQuery"] = new(_ => new { query = "true" }),
        ["QuerySegment"] = new(_ => new { query = "true", limit = 1 }),
        ["CreateTagCategory"] = new(_ => new { key = Unique("probe_cat"), name = "Probe" }),
        ["UpdateTagCategory"] = new(_ => new { name = "Probe" }),
        ["CreateTag"] = new(_ => new { key = Unique("probe_tag"), name = "Probe" }),
        ["UpdateTag"] = new(_ => new { name = "Probe" }),
        ["MergeTags"] = new(t => new { into = t.ProbeTagKey }),
        ["CreateWebhookEndpoint"] = new(_ => new { url = "http://127.0.0.1:9/probe", eventTypes = new[] { "webhook_endpoint.disabled" } }),
        ["UpdateWebhookEndpoint"] = new(_ => new { description = "Probe" }),
        ["ReplayWebhookEvents"] = new(_ => new { since = "2020-01-01T00:00:00Z" }),
    };

    // Keys of new resources differ per request, so that whether one probe succeeded never decides another's answer.
    private static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>Why no request can be built for <paramref name="operation"/>, or null when one can.</summary>
    public static string? MissingFor(OpenApiOperation operation) =>
        operation.BodyMediaTypes.Count > 0 && !ByOperation.ContainsKey(operation.Id) ? $"{operation} takes a body but has no recipe"
        : operation.Collection is { } c && !SeededTenant.ByCollection.ContainsKey(c) ? $"{operation}: no seeded resource for the parameter under {c}"
        : operation.PathParameters.Count > 1 ? $"{operation}: more than one path parameter; teach RestRecipe.Build which is which"
        : null;

    /// <summary>The recipe of <paramref name="operation"/>: its line in the table, or its path alone.</summary>
    public static RestRecipe For(OpenApiOperation operation) =>
        MissingFor(operation) is { } missing ? throw new InvalidOperationException(missing)
        : ByOperation.TryGetValue(operation.Id, out var recipe) ? recipe : new RestRecipe();

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
