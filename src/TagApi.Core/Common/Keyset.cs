using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace TagApi.Core.Common;

/// <summary>
/// Keyset paging over an id, both ways, as one translation every list shares: bounds become
/// <c>WHERE id &gt; @after AND id &lt; @before</c>, a page from the end reads the index backwards
/// and is put back in list order, so either direction costs one indexed range scan.
/// </summary>
public static class Keyset
{
    /// <summary>
    /// The page of <paramref name="query"/> that <paramref name="page"/> asks for, ordered by
    /// <paramref name="key"/>; pass <c>descending: true</c> for lists whose natural order is newest first (ledgers, attempts).
    /// </summary>
    public static async Task<Page<T>> ToPageAsync<T>(
        this IQueryable<T> query, PageRequest page, Expression<Func<T, long>> key, CancellationToken ct, bool descending = false)
    {
        // In a newest-first list "after" means a smaller id.
        if (page.AfterId is { } after)
        {
            query = query.Where(Compare(key, descending ? ExpressionType.LessThan : ExpressionType.GreaterThan, after));
        }

        if (page.BeforeId is { } before)
        {
            query = query.Where(Compare(key, descending ? ExpressionType.GreaterThan : ExpressionType.LessThan, before));
        }

        var reverse = page.FromEnd != descending;
        var ordered = reverse ? query.OrderByDescending(key) : query.OrderBy(key);
        var rows = await ordered.Take(page.Limit + 1).ToListAsync(ct);
        var result = Page<T>.FromOverfetch(rows, page.Limit);
        if (page.FromEnd)
        {
            rows.Reverse();
        }

        return result;
    }

    // The bound is read from a field of a closure-like object, so EF Core sends it as a parameter
    // and caches one plan per list rather than one per cursor value.
    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, long>> key, ExpressionType comparison, long value)
    {
        var bound = Expression.Field(Expression.Constant(new Bound(value)), nameof(Bound.Value));
        return Expression.Lambda<Func<T, bool>>(Expression.MakeBinary(comparison, key.Body, bound), key.Parameters);
    }

    private sealed class Bound(long value)
    {
        public readonly long Value = value;
    }
}
