namespace TagApi.Core.TagAssignments;

/// <summary>One customer–tag pair of a batch. The customer is named by public id or by external id.</summary>
public sealed record TagAssignmentItem(string? Customer, string? ExternalId, string? Tag, DateTime? ExpiresAt);

/// <summary>A batch of assignments and removals applied all together or not at all.</summary>
public sealed record TagAssignmentBatch(IReadOnlyList<TagAssignmentItem> Add, IReadOnlyList<TagAssignmentItem> Remove, TagSource Source);

/// <summary>What a batch changed.</summary>
public sealed record TagAssignmentBatchResult(int Added, int Removed, int Unchanged, IReadOnlyList<AppliedTagChange> Changes);
