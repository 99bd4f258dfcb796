using System.Runtime.CompilerServices;

namespace TagApi.Client;

/// <summary>Walks a cursor list page by page, yielding items as they arrive; only one page is held at a time.</summary>
public static class TagApiPaging
{
    /// <summary>
    /// Every item of a list, fetching the next page only when the previous one is consumed:
    /// <c>TagApiPaging.AutoPageAsync((cursor, ct) =&gt; api.ListTagsAsync(cursor: cursor, cancellationToken: ct))</c>.
    /// </summary>
    public static async IAsyncEnumerable<T> AutoPageAsync<T>(
        Func<string?, CancellationToken, Task<ICursorPage<T>>> fetchPage,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        string? cursor = null;
        do
        {
            var page = await fetchPage(cursor, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Data)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>The same, for a fetch that returns the generated page type itself.</summary>
    public static IAsyncEnumerable<T> AutoPageAsync<TPage, T>(Func<string?, CancellationToken, Task<TPage>> fetchPage, CancellationToken cancellationToken = default)
        where TPage : ICursorPage<T> =>
        AutoPageAsync<T>(async (cursor, ct) => await fetchPage(cursor, ct).ConfigureAwait(false), cancellationToken);
}
