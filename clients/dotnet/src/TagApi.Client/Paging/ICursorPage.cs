namespace TagApi.Client;

/// <summary>One page of a cursor list: its items and the cursor of the next page (null on the last).</summary>
/// <typeparam name="T">The item type.</typeparam>
public interface ICursorPage<T>
{
    /// <summary>The page's items.</summary>
    ICollection<T> Data { get; }

    /// <summary>Where the next page starts; null on the last page.</summary>
    string? NextCursor { get; }
}

// The generated page types already have both members; these declarations only name the shape they share.
public partial class ListResponseApiClientResponse : ICursorPage<ApiClientResponse>;
public partial class ListResponseBulkJobResponse : ICursorPage<BulkJobResponse>;
public partial class ListResponseBulkJobErrorResponse : ICursorPage<BulkJobErrorResponse>;

public partial class ListResponseCustomerResponse : ICursorPage<CustomerResponse>;

public partial class ListResponseEventResponse : ICursorPage<EventResponse>;

public partial class ListResponseRuleResponse : ICursorPage<RuleResponse>;

public partial class ListResponseRuleRunResponse : ICursorPage<RuleRunResponse>;

public partial class ListResponseSegmentResponse : ICursorPage<SegmentResponse>;

public partial class ListResponseTagCategoryResponse : ICursorPage<TagCategoryResponse>;

public partial class ListResponseTagHistoryResponse : ICursorPage<TagHistoryResponse>;

public partial class ListResponseTagResponse : ICursorPage<TagResponse>;

public partial class ListResponseWebhookAttemptResponse : ICursorPage<WebhookAttemptResponse>;

public partial class ListResponseWebhookEndpointResponse : ICursorPage<WebhookEndpointResponse>;

public partial class SegmentMembersResponse : ICursorPage<CustomerResponse>;
