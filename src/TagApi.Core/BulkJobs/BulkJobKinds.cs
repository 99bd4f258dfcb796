using TagApi.Core.Tenancy;

namespace TagApi.Core.BulkJobs;

/// <summary>The kinds of bulk job, and the scope each needs: the scope of what the job writes (or, for an export, reads).</summary>
public static class BulkJobKinds
{
    public const string CustomersImport = "customers.import";
    public const string TagAssignmentsImport = "tag-assignments.import";
    public const string ActivitiesImport = "activities.import";
    public const string SegmentTag = "segment.tag";
    public const string CustomersExport = "customers.export";

    public static IReadOnlyList<string> All { get; } = [CustomersImport, TagAssignmentsImport, ActivitiesImport, SegmentTag, CustomersExport];

    /// <summary>The kinds that take an uploaded file as their body.</summary>
    public static IReadOnlyList<string> Imports { get; } = [CustomersImport, TagAssignmentsImport, ActivitiesImport];

    /// <summary>Every scope some kind needs: holding any of them lets a client see jobs at all.</summary>
    public static IReadOnlyList<string> Scopes { get; } = [Tenancy.Scopes.CustomersWrite, Tenancy.Scopes.ActivitiesWrite, Tenancy.Scopes.CustomersRead];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);

    public static bool IsImport(string kind) => Imports.Contains(kind, StringComparer.Ordinal);

    public static string ScopeOf(string kind) => kind switch
    {
        CustomersImport or TagAssignmentsImport or SegmentTag => Tenancy.Scopes.CustomersWrite,
        ActivitiesImport => Tenancy.Scopes.ActivitiesWrite,
        CustomersExport => Tenancy.Scopes.CustomersRead,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown bulk job kind."),
    };

    /// <summary>The kinds the caller's scopes cover.</summary>
    public static IReadOnlyList<string> VisibleTo(TenantContext tenant) => [.. All.Where(k => tenant.HasScope(ScopeOf(k)))];
}

/// <summary>The states of a bulk job.</summary>
public static class BulkJobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Queued, Running, Succeeded, Failed, Cancelled];

    public static bool IsFinished(string status) => status is Succeeded or Failed or Cancelled;
}
