namespace TagApi.Core.Segments.Query;

/// <summary>
/// An <see cref="ISegmentQueryCatalog"/> over key lists already in memory, e.g. loaded once
/// per request for validating a segment or rule.
/// </summary>
public sealed class SegmentQueryCatalog(
    IEnumerable<string> tagKeys, IEnumerable<string> categoryKeys, IEnumerable<string> segmentKeys) : ISegmentQueryCatalog
{
    private readonly HashSet<string> _tags = new(tagKeys, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _categories = new(categoryKeys, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _segments = new(segmentKeys, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<string> TagKeys => _tags;

    /// <inheritdoc />
    public IEnumerable<string> CategoryKeys => _categories;

    /// <inheritdoc />
    public IEnumerable<string> SegmentKeys => _segments;

    /// <inheritdoc />
    public bool TagExists(string key) => _tags.Contains(key);

    /// <inheritdoc />
    public bool CategoryExists(string key) => _categories.Contains(key);

    /// <inheritdoc />
    public bool SegmentExists(string key) => _segments.Contains(key);
}
