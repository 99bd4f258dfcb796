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
    private readonly Dictionary<IReadOnlyDictionary<string, JsonElement>, int> _attributes = new(ReferenceEqualityComparer.Instance);

    public void String(string? value)
    {
        if (value is null)
        {
            writer.Write7BitEncodedInt(Null);
        }
        else if (IsNew(_strings, value))
        {
            writer.Write(value);
        }
    }

    public void Attributes(IReadOnlyDictionary<string, JsonElement> attributes)
    {
        if (attributes.Count == 0)
        {
            writer.Write7BitEncodedInt(Null);
        }
        else if (IsNew(_attributes, attributes))
        {
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

    // Writes a value's number if it was written before; otherwise numbers it and says the caller writes it in full.
    private bool IsNew<T>(Dictionary<T, int> written, T value)
        where T : notnull
    {
        if (written.TryGetValue(value, out var number))
        {
            writer.Write7BitEncodedInt(number + 2);
            return false;
        }

        written[value] = written.Count;
        writer.Write7BitEncodedInt(New);
        return true;
    }
}

/// <summary>Reads what <see cref="SnapshotValueWriter"/> wrote, sharing each value through the index's pool.</summary>
internal sealed class SnapshotValueReader(BinaryReader reader, ValuePool pool)
{
    private readonly List<string> _strings = [];
    private readonly List<IReadOnlyDictionary<string, JsonElement>> _attributes = [];

    public string? String() => Shared(_strings, () => pool.Intern(reader.ReadString())!);

    public IReadOnlyDictionary<string, JsonElement> Attributes() => Shared(_attributes, () =>
    {
        var count = reader.Read7BitEncodedInt();
        var utf8 = reader.ReadBytes(reader.Read7BitEncodedInt());
        return pool.Intern(PackedAttributeDictionary.FromUtf8(utf8, count));
    }) ?? PackedAttributeDictionary.Empty;

    public object ColumnValue() => reader.ReadByte() switch
    {
        0 => String() ?? throw new SnapshotFormatException("column value"),
        1 => false,
        2 => true,
        3 => DateOnly.FromDayNumber(reader.ReadInt32()),
        4 => JsonNull.Instance,
        _ => throw new SnapshotFormatException("column value kind"),
    };

    // A value read before (by its number), none, or a new one read in full and numbered.
    private T? Shared<T>(List<T> read, Func<T> readNew)
        where T : class
    {
        var number = reader.Read7BitEncodedInt();
        if (number >= 2)
        {
            SnapshotFormatException.ThrowIf(number - 2 >= read.Count, "a reference to a value not yet read");
            return read[number - 2];
        }

        if (number == 0)
        {
            return null;
        }

        var value = readNew();
        read.Add(value);
        return value;
    }
}
