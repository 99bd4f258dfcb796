namespace TagApi.Client.Webhooks;

// The data of each event type, as published in api-specs/webhooks/<type>.schema.json. A test compares these
// records with the schemas, so a member the server adds shows up as a failing test here, not as silent loss.

/// <summary>A customer as events name it.</summary>
/// <param name="Id">Its public id (<c>cus_…</c>).</param>
/// <param name="ExternalId">The integrator's id for it; null when the event could not read it.</param>
public sealed record EventCustomer(string Id, string? ExternalId);

/// <summary>A tag as events name it.</summary>
/// <param name="Id">Its public id (<c>tag_…</c>).</param>
/// <param name="Key">Its key at the time of the change.</param>
/// <param name="Name">Its name at the time of the change.</param>
public sealed record EventTag(string Id, string Key, string Name);

/// <summary>A tag added to or removed from a customer.</summary>
/// <param name="Id">The tag's public id.</param>
/// <param name="Key">Its key at the time of the change.</param>
/// <param name="Action"><c>added</c> or <c>removed</c>.</param>
/// <param name="Reason">Why, when the source said.</param>
public sealed record EventTagChange(string Id, string Key, string Action, string? Reason);

/// <summary>A resource named only by its id.</summary>
/// <param name="Id">Its public id.</param>
public sealed record EventRef(string Id);

/// <summary>A segment as events name it.</summary>
/// <param name="Id">Its public id (<c>seg_…</c>).</param>
/// <param name="Key">Its key.</param>
public sealed record EventSegment(string Id, string Key);

/// <summary>A rule as events name it.</summary>
/// <param name="Id">Its public id.</param>
/// <param name="Key">Its key; null when the rule is gone.</param>
public sealed record EventRule(string Id, string? Key);

/// <summary>A webhook endpoint as events name it.</summary>
/// <param name="Id">Its public id.</param>
/// <param name="Url">Its URL (absent from the test ping).</param>
public sealed record EventEndpoint(string Id, string? Url);

/// <summary><c>customer.created</c>, <c>customer.updated</c>, <c>customer.deleted</c>.</summary>
/// <param name="Customer">The customer.</param>
/// <param name="Version">Its version after the change; drop events older than one already seen.</param>
/// <param name="Changed">The members that changed.</param>
public sealed record CustomerChangedData(EventCustomer Customer, long Version, IReadOnlyList<string> Changed);

/// <summary><c>customer.tags.added</c>, <c>customer.tags.removed</c>: one event per customer, direction and source.</summary>
/// <param name="Customer">The customer.</param>
/// <param name="Tags">The tags added or removed.</param>
/// <param name="Source">Who changed them: <c>manual</c>, <c>rule</c>, <c>import</c>, …</param>
/// <param name="SourceRef">What of the source did it (the rule's key, say).</param>
/// <param name="Version">The customer's version after the change, when known.</param>
public sealed record CustomerTagsChangedData(EventCustomer Customer, IReadOnlyList<EventTagChange> Tags, string Source, string? SourceRef, long? Version);

/// <summary><c>tag.created</c>, <c>tag.updated</c>, <c>tag.deleted</c>, <c>tag.merged</c>.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Into">For <c>tag.merged</c>: the tag it was merged into.</param>
public sealed record TagChangedData(EventTag Tag, EventRef? Into);

/// <summary><c>segment.entered</c>, <c>segment.exited</c>.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Customer">The customer who entered or left it.</param>
/// <param name="Trigger">What caused the change.</param>
public sealed record SegmentMembershipData(EventSegment Segment, EventCustomer Customer, string Trigger);

/// <summary><c>rule.run.completed</c>.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Version">The rule version that ran.</param>
/// <param name="Trigger">What started the run.</param>
/// <param name="Added">Tags added.</param>
/// <param name="Removed">Tags removed.</param>
/// <param name="Matched">Customers matching.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record RuleRunCompletedData(EventRule Rule, long Version, string Trigger, long Added, long Removed, long Matched, double DurationMs, string? Error);

/// <summary><c>webhook_endpoint.disabled</c>.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Reason">Why it was disabled.</param>
public sealed record WebhookEndpointDisabledData(EventEndpoint Endpoint, string? Reason);

/// <summary><c>webhook_endpoint.test</c>: the signed ping sent on request.</summary>
/// <param name="Endpoint">The endpoint pinged.</param>
public sealed record WebhookEndpointTestData(EventEndpoint Endpoint);

/// <summary><c>bulk_job.completed</c>: a bulk job reached its end.</summary>
/// <param name="Id">The job's id (<c>job_…</c>).</param>
/// <param name="Kind">customers.import, tag-assignments.import, activities.import, segment.tag or customers.export.</param>
/// <param name="Status">succeeded, failed or cancelled.</param>
/// <param name="Processed">Lines (or members) done, good or bad.</param>
/// <param name="Total">Lines (or members) in the job; null when it ended before that was known.</param>
/// <param name="Errors">Lines refused (see the job's error report).</param>
/// <param name="Failure">Why the job failed; null unless it did.</param>
public sealed record BulkJobCompletedData(string Id, string Kind, string Status, long Processed, long? Total, long Errors, string? Failure);
