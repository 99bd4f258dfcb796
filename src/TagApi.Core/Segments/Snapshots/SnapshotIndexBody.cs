using TagApi.Core.Segments.Columns;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;

namespace TagApi.Core.Segments.Snapshots;

/// <summary>
/// A tenant's index in a snapshot file: everything a full build computes (rows, tag bitmaps, field and activity
/// columns, the activity vocabulary), so reading it back costs a copy of memory rather than a read of every row.
/// The tag structure is not kept: it is read from the database when the file is, so renames and deletions made while
/// the node was down are never missed.
/// </summary>
internal static class SnapshotIndexBody
{
    public static void Write(BinaryWriter writer, IndexSnapshot snapshot)
    {
        var values = new SnapshotValueWriter(writer);
        WriteNames(writer, snapshot.Vocabulary.TypeNumbers);
        WriteNames(writer, snapshot.Vocabulary.ChannelNumbers);
        SnapshotBinary.WriteLongs(writer, snapshot.IdAt);
        SnapshotRows.Write(writer, values, snapshot.Rows);
        writer.Write(snapshot.Heap.Rows);
        writer.Write(snapshot.Heap.Activities);
        writer.Write(snapshot.Heap.ActivityCount);
        SnapshotBinary.WriteBitmap(writer, snapshot.Live);
        WriteBitmaps(writer, snapshot.TagMembers);
        WriteBitmaps(writer, snapshot.RuleTagMembers);
        writer.Write(snapshot.NewestByType.Count);
        foreach (var (type, column) in snapshot.NewestByType)
        {
            writer.Write(type);
            SnapshotBinary.WriteLongs(writer, column);
        }

        writer.Write(snapshot.Columns.AttributesComplete);
        writer.Write(snapshot.Columns.Fields.Count);
        foreach (var (name, column) in snapshot.Columns.Fields)
        {
            writer.Write(name);
            WriteColumn(writer, values, column);
        }
    }

    public static RestoredIndex Read(BinaryReader reader)
    {
        var pool = new ValuePool();
        var values = new SnapshotValueReader(reader, pool);
        var vocabulary = new ActivityVocabulary();
        vocabulary.Restore(ReadNames(reader), ReadNames(reader));
        var idAt = SnapshotBinary.ReadLongs(reader);
        var rows = SnapshotRows.Read(reader, values);
        SnapshotFormatException.ThrowIf(rows.Count != idAt.Count, "rows and ids differ in number");
        var heap = new IndexHeap(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), 0);
        var live = SnapshotBinary.ReadBitmap(reader);
        var members = ReadBitmaps(reader);
        var ruleMembers = ReadBitmaps(reader);
        var newestByType = new Dictionary<ushort, ChunkedArray<long>>();
        for (var types = reader.ReadInt32(); types > 0; types--)
        {
            newestByType[reader.ReadUInt16()] = Sized(SnapshotBinary.ReadLongs(reader), idAt.Count);
        }

        var attributesComplete = reader.ReadBoolean();
        var fields = new Dictionary<string, FieldColumn>(StringComparer.Ordinal);
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            fields[reader.ReadString()] = ReadColumn(reader, values, idAt.Count);
        }

        SnapshotFormatException.ThrowIf(!FieldColumns.TryRestore(idAt.Count, fields, attributesComplete, out var fieldColumns), "built-in field columns");
        return new RestoredIndex(
            vocabulary, pool, idAt, rows, heap, live, members, ruleMembers, new ActivityColumns(newestByType, idAt.Count), fieldColumns);
    }

    private static void WriteColumn(BinaryWriter writer, SnapshotValueWriter values, FieldColumnView column)
    {
        writer.Write(column.Range is not null);
        if (column.Range is { } range)
        {
            SnapshotBinary.WriteLongs(writer, range.Keys);
            SnapshotBinary.WriteBitmap(writer, range.Keyed);
        }

        writer.Write(column.Values?.Values.Count ?? -1);
        foreach (var (value, members) in column.Values?.Values ?? [])
        {
            values.ColumnValue(value);
            SnapshotBinary.WriteBitmap(writer, members);
        }

        SnapshotBinary.WriteBitmap(writer, column.Present);
        SnapshotBinary.WriteBitmap(writer, column.OnRow);
    }

    private static FieldColumn ReadColumn(BinaryReader reader, SnapshotValueReader values, int ordinals)
    {
        var range = reader.ReadBoolean() ? new RangeColumn(Sized(SnapshotBinary.ReadLongs(reader), ordinals), SnapshotBinary.ReadBitmap(reader)) : null;
        ValueColumn? valueColumn = null;
        var distinct = reader.ReadInt32();
        if (distinct >= 0)
        {
            var members = new Dictionary<object, RoaringBitmap>(distinct);
            for (var i = 0; i < distinct; i++)
            {
                members[values.ColumnValue()] = SnapshotBinary.ReadBitmap(reader);
            }

            valueColumn = new ValueColumn(members);
        }

        return new FieldColumn(ordinals, SnapshotBinary.ReadBitmap(reader), SnapshotBinary.ReadBitmap(reader), range, valueColumn);
    }

    private static ChunkedArray<long> Sized(ChunkedArray<long> column, int ordinals)
    {
        SnapshotFormatException.ThrowIf(column.Count != ordinals, "a column's length differs from the number of customers");
        return column;
    }

    private static void WriteBitmaps(BinaryWriter writer, IReadOnlyDictionary<long, RoaringBitmap> byTag)
    {
        writer.Write(byTag.Count);
        foreach (var (tagId, members) in byTag)
        {
            writer.Write(tagId);
            SnapshotBinary.WriteBitmap(writer, members);
        }
    }

    private static Dictionary<long, RoaringBitmap> ReadBitmaps(BinaryReader reader)
    {
        var byTag = new Dictionary<long, RoaringBitmap>();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            byTag[reader.ReadInt64()] = SnapshotBinary.ReadBitmap(reader);
        }

        return byTag;
    }

    private static void WriteNames(BinaryWriter writer, IReadOnlyCollection<KeyValuePair<string, ushort>> names)
    {
        writer.Write(names.Count);
        foreach (var (name, number) in names)
        {
            writer.Write(name);
            writer.Write(number);
        }
    }

    private static List<KeyValuePair<string, ushort>> ReadNames(BinaryReader reader)
    {
        var names = new List<KeyValuePair<string, ushort>>();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            names.Add(new KeyValuePair<string, ushort>(reader.ReadString(), reader.ReadUInt16()));
        }

        return names;
    }
}
