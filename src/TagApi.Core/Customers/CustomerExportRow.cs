namespace TagApi.Core.Customers;

/// <summary>One customer's exported columns; those not asked for are null.</summary>
public readonly record struct CustomerExportRow(long Id, string? ExternalId, string? Email);

/// <summary>
/// Which of the tenant's customers an export reads: every one in the key range <see cref="First"/>..<see cref="Last"/>
/// (a dense run of members, read as one range scan and filtered by the caller), or only the ids in <see cref="Keys"/>
/// (a sparse one, looked up by key). Ids ascend in both.
/// </summary>
public sealed record CustomerExportRead(long First, long Last, long[]? Keys, bool WithExternalId, bool WithEmail);
