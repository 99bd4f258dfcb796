using System.Text.Json;
using TagApi.Core.Segments.Columns;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Segments.Snapshots;

/// <summary>
/// Writes the values rows and columns share (strings, attribute sets) once each: the first use carries the value, later
/// ones its number, so a city a hundred thousand customers live in is one string in the file as it is in the index.
/// </summary>
internal sealed class SnapshotValueWriter(BinaryWriter writer)
{
    private const int Null = 0;
    private const int New = 1;
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<object, int> _attributes = new(ReferenceEqualityComparer.Instance);

    public void String(string? value)
    {
        if (value is null)
        {
            writer.Write7BitEncodedInt(Null);
        }
        else if (_strings.TryGetValue(value, out var number))
        {
            writer.Write7BitEncodedInt(number + 2);
        }
        else
        {
            _strings[value] = _strings.Count;
            writer.Write7BitEncodedInt(New);
            writer.Write(value);
        }
    }

    public void Attributes(IReadOnlyDictionary<string, JsonElement> attributes)
    {
        if (attributes.Count == 0)
        {
            writer.Write7BitEncodedInt(Null);
        }
        else if (_attributes.TryGetValue(attributes, out var number))
        {
            writer.Write7BitEncodedInt(number + 2);
        }
        else
        {
            _attributes[attributes] = _attributes.Count;
            writer.Write7BitEncodedInt(New);
            writer.Write7BitEncodedInt(attributes.Count);
            ReadOnlySpan<byte> utf8 = attributes is PackedAttributeDictionary packed ? packed.Utf8 : JsonSerializer.SerializeToUtf8Bytes(attributes);
            writer.Write7BitEncodedInt(utf8.Length);
            writer.Write(utf8);
        }
    }

    /// <summary>A value of an equality column: the kinds <see cref="ColumnCell"/> puts there.</summary>
    public void ColumnValue(object value)
    {
        switch (value)
        {
            case string text:
                writer.Write((byte)0);
                String(text);
                break;
            case bool flag:
                writer.Write((byte)(flag ? 2 : 1));
                break;
            case DateOnly day:
                writer.Write((byte)3);
                writer.Write(day.DayNumber);
                break;
            case JsonNull:
                writer.Write((byte)4);
                break;
            default:
                throw new NotSupportedException($"An equality column holds a {value.GetType().Name}, which snapshot files do not carry.");
        }
    }
}

/// <summary>Reads what <see cref="SnapshotValueWriter"/> wrote, sharing each value through the index's pool.</summary>
internal sealed class SnapshotValueReader(BinaryReader reader, ValuePool pool)
{
    private readonly List<string> _strings = [];
    private readonly List<IReadOnlyDictionary<string, JsonElement>> _attributes = [];

    public string? String()
    {
        var number = reader.Read7BitEncodedInt();
        if (number >= 2)
        {
            SnapshotFormatException.ThrowIf(number - 2 >= _strings.Count, "string reference");
            return _strings[number - 2];
        }

        if (number == 0)
        {
            return null;
        }

        var value = pool.Intern(reader.ReadString())!;
        _strings.Add(value);
        return value;
    }

    public IReadOnlyDictionary<string, JsonElement> Attributes()
    {
        var number = reader.Read7BitEncodedInt();
        if (number >= 2)
        {
            SnapshotFormatException.ThrowIf(number - 2 >= _attributes.Count, "attribute set reference");
            return _attributes[number - 2];
        }

        if (number == 0)
        {
            return PackedAttributeDictionary.Empty;
        }

        var count = reader.Read7BitEncodedInt();
        var utf8 = reader.ReadBytes(reader.Read7BitEncodedInt());
        var attributes = pool.Intern(PackedAttributeDictionary.FromUtf8(utf8, count));
        _attributes.Add(attributes);
        return attributes;
    }

    public object ColumnValue() => reader.ReadByte() switch
    {
        0 => String() ?? throw new SnapshotFormatException("column value"),
        1 => false,
        2 => true,
        3 => DateOnly.FromDayNumber(reader.ReadInt32()),
        4 => JsonNull.Instance,
        _ => throw new SnapshotFormatException("column value kind"),
    };
}
