namespace TagApi.Core.Webhooks;

/// <summary>Every event type TagApi emits.</summary>
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

    public static IReadOnlyList<string> All { get; } =
    [
        TagCreated, TagUpdated, TagDeleted, TagMerged, CustomerCreated, CustomerUpdated, CustomerDeleted,
        CustomerTagsAdded, CustomerTagsRemoved, SegmentEntered, SegmentExited, RuleRunCompleted, WebhookEndpointDisabled,
    ];
}
