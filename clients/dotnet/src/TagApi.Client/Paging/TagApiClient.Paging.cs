namespace TagApi.Client;

/// <summary>
/// <c>ListAll…Async</c>: each cursor list of the API as one <see cref="IAsyncEnumerable{T}"/>, fetching pages of
/// <c>pageSize</c> (1–200) as the caller reads. A test checks that every cursor operation has its counterpart here.
/// </summary>
public partial class TagApiClient
{
    private const int DefaultPageSize = 100;

    /// <summary>Every tag, optionally filtered (see <see cref="ListTagsAsync(int?, string?, string?, string?, string?, bool?, CancellationToken)"/>).</summary>
    public IAsyncEnumerable<TagResponse> ListAllTagsAsync(string? category = null, string? parent = null, string? q = null, bool? includeArchived = null, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseTagResponse, TagResponse>((c, ct) => ListTagsAsync(pageSize, c, category, parent, q, includeArchived, ct), cancellationToken);

    /// <summary>Every member of a tag, now or (with <paramref name="asOf"/>) at a past moment.</summary>
    public IAsyncEnumerable<CustomerResponse> ListAllTagCustomersAsync(string idOrKey, bool? includeDescendants = null, DateTimeOffset? asOf = null, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseCustomerResponse, CustomerResponse>((c, ct) => ListTagCustomersAsync(idOrKey, pageSize, c, includeDescendants, asOf, ct), cancellationToken);

    /// <summary>Every tag category.</summary>
    public IAsyncEnumerable<TagCategoryResponse> ListAllTagCategoriesAsync(int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseTagCategoryResponse, TagCategoryResponse>((c, ct) => ListTagCategoriesAsync(pageSize, c, ct), cancellationToken);

    /// <summary>Every customer, optionally by tag, text search or segment query.</summary>
    public IAsyncEnumerable<CustomerResponse> ListAllCustomersAsync(string? tag = null, string? q = null, string? query = null, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseCustomerResponse, CustomerResponse>((c, ct) => ListCustomersAsync(pageSize, c, tag, q, query, ct), cancellationToken);

    /// <summary>A customer's whole tag history.</summary>
    public IAsyncEnumerable<TagHistoryResponse> ListAllCustomerTagHistoryAsync(string id, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseTagHistoryResponse, TagHistoryResponse>((c, ct) => ListCustomerTagHistoryAsync(id, pageSize, c, ct), cancellationToken);

    /// <summary>Every saved segment.</summary>
    public IAsyncEnumerable<SegmentResponse> ListAllSegmentsAsync(int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseSegmentResponse, SegmentResponse>((c, ct) => ListSegmentsAsync(pageSize, c, ct), cancellationToken);

    /// <summary>Every member of a saved segment.</summary>
    public IAsyncEnumerable<CustomerResponse> ListAllSegmentCustomersAsync(string idOrKey, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<SegmentMembersResponse, CustomerResponse>((c, ct) => ListSegmentCustomersAsync(idOrKey, pageSize, c, ct), cancellationToken);

    /// <summary>Every tagging rule.</summary>
    public IAsyncEnumerable<RuleResponse> ListAllRulesAsync(int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseRuleResponse, RuleResponse>((c, ct) => ListRulesAsync(pageSize, c, ct), cancellationToken);

    /// <summary>Every run of a rule.</summary>
    public IAsyncEnumerable<RuleRunResponse> ListAllRuleRunsAsync(string idOrKey, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseRuleRunResponse, RuleRunResponse>((c, ct) => ListRuleRunsAsync(idOrKey, pageSize, c, ct), cancellationToken);

    /// <summary>Every webhook endpoint.</summary>
    public IAsyncEnumerable<WebhookEndpointResponse> ListAllWebhookEndpointsAsync(int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseWebhookEndpointResponse, WebhookEndpointResponse>((c, ct) => ListWebhookEndpointsAsync(pageSize, c, ct), cancellationToken);

    /// <summary>Every delivery attempt to a webhook endpoint.</summary>
    public IAsyncEnumerable<WebhookAttemptResponse> ListAllWebhookDeliveriesAsync(string id, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseWebhookAttemptResponse, WebhookAttemptResponse>((c, ct) => ListWebhookDeliveriesAsync(id, pageSize, c, ct), cancellationToken);

    /// <summary>The change log from <paramref name="after"/> (an event id) on, optionally of one type.</summary>
    public IAsyncEnumerable<EventResponse> ListAllEventsAsync(string? after = null, string? type = null, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseEventResponse, EventResponse>((c, ct) => ListEventsAsync(pageSize, c, after, type, ct), cancellationToken);

    /// <summary>Every API client of the tenant.</summary>
    public IAsyncEnumerable<ApiClientResponse> ListAllApiClientsAsync(int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseApiClientResponse, ApiClientResponse>((c, ct) => ListApiClientsAsync(pageSize, c, ct), cancellationToken);

    /// <summary>Every bulk job of the tenant, newest first.</summary>
    public IAsyncEnumerable<BulkJobResponse> ListAllBulkJobsAsync(int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseBulkJobResponse, BulkJobResponse>((c, ct) => ListBulkJobsAsync(pageSize, c, ct), cancellationToken);

    /// <summary>Every refused line of a bulk job, by line number.</summary>
    public IAsyncEnumerable<BulkJobErrorResponse> ListAllBulkJobErrorsAsync(string id, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        TagApiPaging.AutoPageAsync<ListResponseBulkJobErrorResponse, BulkJobErrorResponse>((c, ct) => ListBulkJobErrorsAsync(id, pageSize, c, ct), cancellationToken);
}
