namespace TagApi.Core.Common;

/// <summary>
/// Keyset page request over a list in its natural id order: items strictly after <see cref="AfterId"/>
/// and strictly before <see cref="BeforeId"/>; the first <see cref="Limit"/> of them, or with
/// <see cref="FromEnd"/> the last <see cref="Limit"/> (Relay's <c>last</c>), still in list order.
/// </summary>
public sealed record PageRequest(int Limit, long? AfterId, long? BeforeId = null, bool FromEnd = false)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

/// <summary>
/// One page of results in list order; <see cref="HasMore"/> says more items follow in the
/// direction of travel (after the page, or before it for a page taken from the end).
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore)
{
    /// <summary>Builds a page from a query that fetched one extra row to detect a following page.</summary>
    public static Page<T> FromOverfetch(List<T> rows, int limit)
    {
        var hasMore = rows.Count > limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new Page<T>(rows, hasMore);
    }
}
