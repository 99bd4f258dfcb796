namespace TagApi.Core.Segments.Query;

/// <summary>
/// The names a tenant has defined, as the binder needs them: existence checks and, for
/// "did you mean" hints, the full key lists. Keys are compared case-insensitively.
/// </summary>
public interface ISegmentQueryCatalog
{
    /// <summary>Every tag key (archived tags excluded if they may not be queried).</summary>
    IEnumerable<string> TagKeys { get; }

    /// <summary>Every tag category key.</summary>
    IEnumerable<string> CategoryKeys { get; }

    /// <summary>Every saved segment key.</summary>
    IEnumerable<string> SegmentKeys { get; }

    /// <summary>True when a tag with this key exists.</summary>
    bool TagExists(string key);

    /// <summary>True when a tag category with this key exists.</summary>
    bool CategoryExists(string key);

    /// <summary>True when a saved segment with this key exists.</summary>
    bool SegmentExists(string key);
}
