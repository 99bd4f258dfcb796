namespace TagApi.Core.Segments.SqlCounts;

/// <summary>What answers segment counts on this node.</summary>
public enum SegmentEngineKind
{
    /// <summary>The tenant's in-memory index (the default).</summary>
    Index,

    /// <summary>
    /// SQL on the database, for the query shapes <see cref="SqlCountTranslator"/> translates; pages and exports still
    /// come from the index. A baseline to compare the index with, not a mode to run in production.
    /// </summary>
    Sql,
}

/// <summary>Which engine answers counts; made from the API's <c>Segments</c> section.</summary>
public sealed record SegmentEngineSettings
{
    public SegmentEngineKind Engine { get; init; } = SegmentEngineKind.Index;
}
