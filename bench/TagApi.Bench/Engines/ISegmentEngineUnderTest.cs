namespace TagApi.Bench.Engines;

/// <summary>
/// The TagApi side of workloads W1–W3 (and W9): whatever answers segment queries written in
/// TagApi's query language (PRODUCT.md §3) against the benchmark tenant. Each workload times
/// these calls and sets the figures beside its peers'. Implementations: <see cref="HttpSegmentEngine"/>
/// (a TagApi server started by the harness) and the in-process engine (<see cref="InProcessEngine"/>).
/// A capability the build does not have throws <see cref="NotAvailableException"/>, which the report
/// shows as "not available in this build" — never as a number.
/// </summary>
public interface ISegmentEngineUnderTest : IDisposable
{
    /// <summary>How the report names this subject, e.g. "TagApi (HTTP)".</summary>
    string Name { get; }

    /// <summary>The exact number of customers matching <paramref name="query"/> (W1).</summary>
    long Count(string query);

    /// <summary>
    /// Members in ascending customer order (W2). <paramref name="cursor"/> is null for the first
    /// page, otherwise the <see cref="SegmentPage.NextCursor"/> of the previous page.
    /// </summary>
    SegmentPage Page(string query, string? cursor, int limit);

    /// <summary>
    /// Streams every member (W3), handing internal customer ids to <paramref name="sink"/> in
    /// batches; with <see cref="ExportFields.IdsAndEmail"/> the e-mail travels too and is counted in
    /// <see cref="ExportResult.Bytes"/>.
    /// </summary>
    ExportResult Export(string query, ExportFields fields, Action<ReadOnlySpan<long>> sink);
}

/// <summary>One page of members: internal customer ids, and the cursor of the next page (null at the end).</summary>
public sealed record SegmentPage(IReadOnlyList<long> CustomerIds, string? NextCursor);

public enum ExportFields
{
    Ids,
    IdsAndEmail,
}

/// <summary>How many members were exported and how many bytes they took on the way.</summary>
public sealed record ExportResult(long Rows, long Bytes);

/// <summary>The build does not offer this capability (e.g. the endpoint answers 404).</summary>
public sealed class NotAvailableException(string reason) : Exception(reason);
