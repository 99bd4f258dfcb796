namespace TagApi.Core.Common;

/// <summary>Keyset page request: items strictly after <see cref="AfterId"/> in ascending id order.</summary>
public sealed record PageRequest(int Limit, long? AfterId)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

/// <summary>One page of results; <see cref="HasMore"/> tells the transport to issue a next cursor.</summary>
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
