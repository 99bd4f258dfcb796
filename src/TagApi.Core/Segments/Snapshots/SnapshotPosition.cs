namespace TagApi.Core.Segments.Snapshots;

/// <summary>
/// Where in the index-change log a snapshot stands: every change below it is in the snapshot. With
/// <paramref name="IsHorizon"/> it is a commit horizon (rows stamped at or above it may be missing), otherwise the last
/// log id applied (the provider commits in id order); see <see cref="Engine.IndexFollower"/>.
/// </summary>
public readonly record struct SnapshotPosition(bool IsHorizon, long Value);

/// <summary>What a snapshot file says about itself before its body is read.</summary>
/// <param name="TenantId">The tenant whose index it holds.</param>
/// <param name="TenantCreatedAt">When that tenant was created: another database's tenant of the same id differs here.</param>
/// <param name="Position">Where in the change log the index stood.</param>
/// <param name="TakenAt">When it was written: past the change log's retention the changes since are gone.</param>
/// <param name="Customers">How many customers it holds.</param>
public sealed record SnapshotHeader(long TenantId, DateTime TenantCreatedAt, SnapshotPosition Position, DateTime TakenAt, long Customers);
