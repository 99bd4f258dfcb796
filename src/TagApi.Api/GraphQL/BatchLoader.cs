using GraphQL.DataLoader;

namespace TagApi.Api.GraphQL;

/// <summary>
/// A per-request data loader: <see cref="Load"/> only notes the key; the first result awaited
/// fetches every key noted so far in one call. The serial execution strategy resolves all
/// ordinary fields of a level before awaiting loader results, so a page of parents costs one
/// fetch per edge, not one per parent.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue?> _loaded = [];
    private readonly List<TKey> _pending = [];

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        if (!_loaded.ContainsKey(key) && !_pending.Contains(key))
        {
            _pending.Add(key);
        }

        return new Result(this, key);
    }

    /// <summary>Records a value already read (by a parent's query), so loading its key costs no fetch.</summary>
    public void Prime(TKey key, TValue value)
    {
        _loaded[key] = value;
        _pending.Remove(key);
    }

    /// <summary>The value of a key already read or primed, without waiting for a batch (a resolver can then answer at once).</summary>
    public bool TryGetLoaded(TKey key, out TValue? value) => _loaded.TryGetValue(key, out value);

    private async Task<TValue?> GetAsync(TKey key, CancellationToken ct)
    {
        if (_pending.Count > 0)
        {
            var keys = _pending.ToList();
            _pending.Clear();
            var values = await fetch(keys, ct);
            foreach (var k in keys)
            {
                _loaded[k] = values.GetValueOrDefault(k);
            }
        }

        return _loaded.GetValueOrDefault(key);
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue?>
    {
        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}

/// <summary>The loaders of one request, by name; scoped, so batches never mix requests or tenants.</summary>
public sealed class BatchLoaders(IServiceProvider services)
{
    private readonly Dictionary<string, object> _loaders = new(StringComparer.Ordinal);

    /// <summary>The loader called <paramref name="name"/>, created with <paramref name="fetch"/> on first use.</summary>
    public BatchLoader<TKey, TValue> Get<TKey, TValue>(
        string name, Func<IServiceProvider, IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
        where TKey : notnull
    {
        if (!_loaders.TryGetValue(name, out var loader))
        {
            loader = new BatchLoader<TKey, TValue>((keys, ct) => fetch(services, keys, ct));
            _loaders[name] = loader;
        }

        return (BatchLoader<TKey, TValue>)loader;
    }
}
