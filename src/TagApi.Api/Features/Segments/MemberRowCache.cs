using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TagApi.Core.Segments.Engine;
using TagApi.Core.TagAssignments;
using TagApi.Core.Telemetry;

namespace TagApi.Api.Features.Segments;

/// <summary>
/// The customers of recently served member pages, with their tag keys, so a page asked for again is answered without a
/// database read. An entry is used only while it is provably what the database holds as far as this node knows: the
/// index holds the customer at the entry's version (every change to a customer or its tags grows it — the same promise
/// the customer's ETag makes), the tag keys come from the same catalog (renaming a tag replaces it), and none of its
/// tags has expired since. Anything else is read again. Bounded in bytes (<c>Segments:PageCacheMegabytes</c>); the
/// least recently used entries go first.
/// </summary>
public sealed class MemberRowCache : IDisposable
{
    // What an entry costs beyond its strings: the cache's own entry, the customer object, the key list.
    private const int EntryOverheadBytes = 600;

    private readonly MemoryCache? _cache;

    public MemberRowCache(IOptions<SegmentOptions> options)
    {
        var bytes = (long)(options.Value.PageCacheMegabytes * 1024 * 1024);
        _cache = bytes > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = bytes, CompactionPercentage = 0.25 }) : null;
    }

    /// <summary>The customer as cached, when the entry is still current for the given version and catalog at <paramref name="now"/>.</summary>
    public CustomerWithTagKeysAt? Find(long tenantId, long customerId, long version, TagCatalog catalog, DateTime now)
    {
        if (_cache is null)
        {
            return null;
        }

        if (_cache.Get(new Key(tenantId, customerId)) is Entry entry && entry.Row.Customer.Version == version && ReferenceEquals(entry.Catalog, catalog)
            && entry.Row.KeysValidUntil > now)
        {
            TagApiTelemetry.MemberCacheHits.Add(1);
            return entry.Row;
        }

        TagApiTelemetry.MemberCacheMisses.Add(1);
        return null;
    }

    /// <summary>Keeps a customer just read from the database, with the catalog of the page it was read for.</summary>
    public void Keep(long tenantId, CustomerWithTagKeysAt row, TagCatalog catalog)
    {
        if (_cache is null)
        {
            return;
        }

        var c = row.Customer;
        var chars = c.ExternalId.Length + c.Attributes.Length + (c.Name?.Length ?? 0) + (c.Email?.Length ?? 0) + (c.Phone?.Length ?? 0)
            + (c.City?.Length ?? 0) + (c.Region?.Length ?? 0) + (c.Country?.Length ?? 0) + (c.Industry?.Length ?? 0) + (c.SourceDetail?.Length ?? 0)
            + row.TagKeys.Sum(k => k.Length + 12);
        _cache.Set(new Key(tenantId, c.Id), new Entry(row, catalog), new MemoryCacheEntryOptions { Size = EntryOverheadBytes + (2L * chars) });
    }

    public void Dispose() => _cache?.Dispose();

    private readonly record struct Key(long TenantId, long CustomerId);

    private sealed record Entry(CustomerWithTagKeysAt Row, TagCatalog Catalog);
}
