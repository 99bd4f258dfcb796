namespace TagApi.Api.OpenApi;

/// <summary>
/// Which operations take part in the integrator conventions of PRODUCT.md §2.5 beyond the ones
/// every write shares: single resources (tag, category, customer, segment, rule, webhook endpoint)
/// carry a strong <c>ETag</c>, answer <c>If-None-Match</c> with 304 and check <c>If-Match</c> (412).
/// </summary>
internal static class ConditionalOperations
{
    /// <summary>Single-resource reads: <c>ETag</c> on 200, <c>If-None-Match</c> → 304.</summary>
    public static readonly IReadOnlySet<string> Reads = new HashSet<string>(StringComparer.Ordinal)
    {
        "GetTag", "GetTagCategory", "GetCustomer", "GetCustomerByExternalId", "GetSegment", "GetRule", "GetWebhookEndpoint",
    };

    /// <summary>Single-resource changes: <c>If-Match</c> → 412 when stale; the answer carries the new <c>ETag</c>.</summary>
    public static readonly IReadOnlySet<string> Writes = new HashSet<string>(StringComparer.Ordinal)
    {
        "UpdateTag", "DeleteTag", "UpdateTagCategory", "DeleteTagCategory", "UpdateCustomer", "DeleteCustomer", "UpsertCustomer",
        "UpdateSegment", "DeleteSegment", "UpdateRule", "DeleteRule", "UpdateWebhookEndpoint", "DeleteWebhookEndpoint",
    };

    /// <summary>Creations of single resources: the 201 carries the new resource's <c>ETag</c>.</summary>
    public static readonly IReadOnlySet<string> Creates = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateTag", "CreateTagCategory", "CreateCustomer", "CreateSegment", "CreateRule", "CreateWebhookEndpoint", "MergeTags",
    };

    public static bool CarriesETag(string operationId) => Reads.Contains(operationId) || Writes.Contains(operationId) || Creates.Contains(operationId);
}
