using GraphQL.DataLoader;

namespace TagApi.Api.GraphQL;

/// <summary>
/// A field's value read only when the executor collects deferred results, after the ordinary fields of its level:
/// the read never overlaps another one on the request's DbContext, as an eagerly started task could.
/// </summary>
public sealed class DeferredResult<T>(Func<CancellationToken, Task<T>> read) : IDataLoaderResult<T>
{
    public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => read(cancellationToken);

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
}
