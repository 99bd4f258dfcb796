using System.Collections;

namespace TagApi.Core.Segments.Query;

/// <summary>
/// An immutable list that compares by its items. Records compare list properties by
/// reference; AST nodes hold their children in this so that two parses of the same text
/// are equal.
/// </summary>
internal sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly T[] _items;

    private EquatableList(T[] items) => _items = items;

    public static EquatableList<T> Empty { get; } = new([]);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    /// <summary>Copies <paramref name="items"/>, so a caller mutating its list later cannot change a node.</summary>
    public static EquatableList<T> From(IEnumerable<T> items) =>
        items as EquatableList<T> ?? new EquatableList<T>([.. items]);

    /// <summary>Like <see cref="From"/>, for lists the grammar never allows empty (<c>IN ()</c>).</summary>
    public static EquatableList<T> NonEmpty(IEnumerable<T> items, string paramName)
    {
        var list = From(items);
        return list.Count > 0 ? list : throw new ArgumentException("The list must not be empty.", paramName);
    }

    public bool Equals(EquatableList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as EquatableList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
