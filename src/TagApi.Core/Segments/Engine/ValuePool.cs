namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Shares equal strings and attribute sets among a tenant's rows: a database read hands out a fresh copy of "Shanghai"
/// for every customer in Shanghai. Bounded, so a field of unique values (free text) costs no more than without it;
/// past the bound new values are kept as they come. One writer (the index, under its lock).
/// </summary>
internal sealed class ValuePool
{
    public const int MaxEntries = 1 << 16;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<PackedAttributeDictionary, PackedAttributeDictionary> _attributes = [];
    private long _bytes;

    /// <summary>What the pool itself holds: its tables and the pooled values.</summary>
    public long MemoryBytes => _bytes + (40L * (_strings.Count + _attributes.Count)) + 200;

    public string? Intern(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (_strings.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        if (_strings.Count < MaxEntries)
        {
            _strings[value] = value;
            _bytes += StringBytes(value);
        }

        return value;
    }

    public IReadOnlyDictionary<string, System.Text.Json.JsonElement> Intern(IReadOnlyDictionary<string, System.Text.Json.JsonElement> attributes)
    {
        if (attributes is not PackedAttributeDictionary packed)
        {
            return attributes;
        }

        if (_attributes.TryGetValue(packed, out var pooled))
        {
            return pooled;
        }

        if (_attributes.Count < MaxEntries)
        {
            _attributes[packed] = packed;
            _bytes += packed.MemoryBytes;
        }

        return packed;
    }

    /// <summary>True when the pool holds this very string or attribute set (its bytes are counted here, not on the row).</summary>
    public bool Holds(string? value) => value is not null && _strings.TryGetValue(value, out var pooled) && ReferenceEquals(pooled, value);

    public bool Holds(IReadOnlyDictionary<string, System.Text.Json.JsonElement> attributes) =>
        attributes is PackedAttributeDictionary p && _attributes.TryGetValue(p, out var pooled) && ReferenceEquals(pooled, p);

    /// <summary>A string's size on the heap: header, length, UTF-16 characters and terminator, rounded to eight bytes.</summary>
    public static long StringBytes(string value) => (22L + (2L * value.Length) + 7) & ~7L;
}
