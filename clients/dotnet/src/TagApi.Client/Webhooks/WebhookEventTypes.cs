using System.Text.Json;

namespace TagApi.Client.Webhooks;

/// <summary>The event types TagApi sends, and the data type each one carries.</summary>
public static class WebhookEventTypes
{
#pragma warning disable CS1591 // The names say it.
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
    public const string WebhookEndpointTest = "webhook_endpoint.test";
    public const string BulkJobCompleted = "bulk_job.completed";
#pragma warning restore CS1591

    /// <summary>The data type of an event type; <see cref="JsonElement"/> for a type this SDK version does not know.</summary>
    public static Type DataTypeOf(string type) => type switch
    {
        TagCreated or TagUpdated or TagDeleted or TagMerged => typeof(TagChangedData),
        CustomerCreated or CustomerUpdated or CustomerDeleted => typeof(CustomerChangedData),
        CustomerTagsAdded or CustomerTagsRemoved => typeof(CustomerTagsChangedData),
        SegmentEntered or SegmentExited => typeof(SegmentMembershipData),
        RuleRunCompleted => typeof(RuleRunCompletedData),
        WebhookEndpointDisabled => typeof(WebhookEndpointDisabledData),
        WebhookEndpointTest => typeof(WebhookEndpointTestData),
        BulkJobCompleted => typeof(BulkJobCompletedData),
        _ => typeof(JsonElement),
    };
}
