namespace TagApi.Core.Webhooks;

/// <summary>Every event type TagApi emits; <see cref="All"/> lists those an endpoint can subscribe to.</summary>
public static class EventTypes
{
    public const string TagCreated = "tag.created";
    public const string TagUpdated = "tag.updated";
    public const string TagDeleted = "tag.deleted";
    public const string TagMerged = "tag.merged";
    public const string CustomerCreated = "customer.created";
    public const string CustomerUpdated = "customer.updated";
    public const string CustomerDeleted = "customer.deleted";
    public const string CustomerTagsAdded = "customer.tags.added";
    public const string CustomerTagsRemoved = "customer.tags.removed";
    public const string SegmentEntered = "segment.entered";
    public const string SegmentExited = "segment.exited";
    public const string RuleRunCompleted = "rule.run.completed";
    public const string WebhookEndpointDisabled = "webhook_endpoint.disabled";
    public const string BulkJobCompleted = "bulk_job.completed";

    /// <summary>The signed ping of <c>POST /v1/webhook-endpoints/{id}/test</c>: sent on request, never stored or subscribed to.</summary>
    public const string WebhookEndpointTest = "webhook_endpoint.test";

    public static IReadOnlyList<string> All { get; } =
    [
        TagCreated, TagUpdated, TagDeleted, TagMerged, CustomerCreated, CustomerUpdated, CustomerDeleted,
        CustomerTagsAdded, CustomerTagsRemoved, SegmentEntered, SegmentExited, RuleRunCompleted, WebhookEndpointDisabled,
        BulkJobCompleted,
    ];
}
