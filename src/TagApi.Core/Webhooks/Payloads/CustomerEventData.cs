namespace TagApi.Core.Webhooks.Payloads;

/// <summary>The <c>data</c> of <c>customer.created</c>, <c>customer.updated</c> and <c>customer.deleted</c>.</summary>
/// <param name="Customer">The customer.</param>
/// <param name="Version">Its version after the change; a receiver drops an event older than one it has seen.</param>
/// <param name="Changed">The fields an update changed (camelCase names); empty for creation and deletion.</param>
public sealed record CustomerEventData(CustomerReference Customer, long Version, IReadOnlyList<string> Changed);

/// <summary>
/// The <c>data</c> of <c>customer.tags.added</c> and <c>customer.tags.removed</c>: one event per customer, direction
/// and source of a change.
/// </summary>
/// <param name="Customer">The customer.</param>
/// <param name="Tags">The tags added or removed.</param>
/// <param name="Source">Who changed them: <c>manual</c>, <c>rule</c>, <c>import</c>, … (lower case).</param>
/// <param name="SourceRef">What of the source did, e.g. the rule's key; null when nothing more is known.</param>
/// <param name="Version">The customer's version after the change; null when the change did not load the customer.</param>
public sealed record CustomerTagsChangedData(CustomerReference Customer, IReadOnlyList<TagChangeData> Tags, string Source, string? SourceRef, long? Version);

/// <summary>One tag of a <see cref="CustomerTagsChangedData"/>.</summary>
/// <param name="Id">The tag's public id (<c>tag_…</c>).</param>
/// <param name="Key">Its key at the time of the change.</param>
/// <param name="Action"><c>added</c> or <c>removed</c>.</param>
/// <param name="Reason">Why, when the source said.</param>
public sealed record TagChangeData(string Id, string Key, string Action, string? Reason);
