using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Tests.Segments.Engine;

/// <summary>A tag structure read again unchanged keeps the index's catalog object, which member pages are cached under.</summary>
public sealed class CatalogReloadTests
{
    [Fact]
    public void An_unchanged_catalog_keeps_its_object_and_a_changed_one_replaces_it()
    {
        var index = new TenantIndex(Catalog("vip"), new ActivityVocabulary(), []);
        var held = index.Current.Catalog;

        index.Apply([], [], Catalog("vip"));
        Assert.Same(held, index.Current.Catalog);

        index.Apply([], [], Catalog("gold"));
        Assert.NotSame(held, index.Current.Catalog);
        Assert.Equal(1, index.Current.Catalog.TagId("gold"));
    }

    private static TagCatalog Catalog(string key) =>
        new([new IndexedTag(1, key, 1, null)], new Dictionary<string, long>(), new Dictionary<string, long> { ["basic"] = 1 });
}
