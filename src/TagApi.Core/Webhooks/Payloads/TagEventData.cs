namespace TagApi.Core.Webhooks.Payloads;

/// <summary>The <c>data</c> of <c>tag.created</c>, <c>tag.updated</c>, <c>tag.deleted</c> and <c>tag.merged</c>.</summary>
/// <param name="Tag">The tag (for a merge, the one merged away).</param>
/// <param name="Into">For <c>tag.merged</c>, the tag it was merged into; null otherwise.</param>
public sealed record TagEventData(TagReference Tag, IdReference? Into);
