using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// A customer's top-level attributes kept as the UTF-8 text of their JSON object, parsed when read. The index needs
/// them whole only where no column answers (nested paths, explanations, loading the columns), so one byte array per
/// distinct attribute set (the index shares equal ones, see <see cref="ValuePool"/>) replaces a dictionary and a
/// cloned document per attribute.
/// </summary>
public sealed class PackedAttributeDictionary : IReadOnlyDictionary<string, JsonElement>, IEquatable<PackedAttributeDictionary>
{
    public static PackedAttributeDictionary Empty { get; } = new([], 0);

    private readonly byte[] _utf8;
    private readonly int _hash;

    private PackedAttributeDictionary(byte[] utf8, int count)
    {
        _utf8 = utf8;
        Count = count;
        var hash = new HashCode();
        hash.AddBytes(utf8);
        _hash = hash.ToHashCode();
    }

    public int Count { get; }

    /// <summary>The JSON text, for the snapshot file.</summary>
    internal ReadOnlySpan<byte> Utf8 => _utf8;

    /// <summary>A set read back from a snapshot file, whose text <see cref="Utf8"/> gave with <paramref name="count"/> attributes.</summary>
    internal static PackedAttributeDictionary FromUtf8(byte[] utf8, int count) => count == 0 ? Empty : new PackedAttributeDictionary(utf8, count);

    /// <summary>The bytes this object holds on the heap (itself and its text).</summary>
    public long MemoryBytes => ReferenceEquals(this, Empty) ? 0 : 32 + 24 + ((_utf8.Length + 7) & ~7);

    /// <summary>The attributes of a JSON object's text; <c>{}</c> and the empty string give <see cref="Empty"/>.</summary>
    public static PackedAttributeDictionary Parse(string json)
    {
        if (json is "{}" or "")
        {
            return Empty;
        }

        var utf8 = Encoding.UTF8.GetBytes(json);
        using var document = JsonDocument.Parse(utf8);
        var count = 0;
        foreach (var _ in document.RootElement.EnumerateObject())
        {
            count++;
        }

        return count == 0 ? Empty : new PackedAttributeDictionary(utf8, count);
    }

    /// <summary>Visits every attribute with one parse; the elements are valid only during the call.</summary>
    public void ForEach<TState>(TState state, Action<TState, string, JsonElement> visit)
    {
        if (Count == 0)
        {
            return;
        }

        using var document = JsonDocument.Parse(_utf8);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            visit(state, property.Name, property.Value);
        }
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        if (Count > 0)
        {
            using var document = JsonDocument.Parse(_utf8);
            if (document.RootElement.TryGetProperty(key, out var found))
            {
                value = found.Clone();
                return true;
            }
        }

        value = default;
        return false;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => Materialize().Keys;

    public IEnumerable<JsonElement> Values => Materialize().Values;

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => Materialize().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(PackedAttributeDictionary? other) => other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && _utf8.AsSpan().SequenceEqual(other._utf8)));

    public override bool Equals(object? obj) => Equals(obj as PackedAttributeDictionary);

    public override int GetHashCode() => _hash;

    private Dictionary<string, JsonElement> Materialize()
    {
        var result = new Dictionary<string, JsonElement>(Count, StringComparer.Ordinal);
        ForEach(result, (r, key, value) => r[key] = value.Clone());
        return result;
    }
}
