using System.Runtime.InteropServices;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;

namespace TagApi.Core.Segments.Snapshots;

/// <summary>
/// The snapshot file's building blocks: bitmaps as their containers, long columns as their chunks, both copied as raw
/// little-endian memory so reading them back is a copy, not a rebuild.
/// </summary>
internal static class SnapshotBinary
{
    private const byte NoChunk = 0;
    private const byte ArrayChunk = 1;
    private const byte BitsetChunk = 2;
    private const int ChunkSize = 1 << ChunkedArray<long>.ChunkBits;

    public static void WriteBitmap(BinaryWriter writer, RoaringBitmap bitmap)
    {
        writer.Write(bitmap.ChunkSlots);
        for (var key = 0; key < bitmap.ChunkSlots; key++)
        {
            switch (bitmap.GetChunk(key))
            {
                case ArrayContainer array:
                    writer.Write(ArrayChunk);
                    writer.Write((ushort)(array.Cardinality - 1));
                    WriteSpan(writer, array.Values);
                    break;
                case BitsetContainer bitset:
                    writer.Write(BitsetChunk);
                    writer.Write(bitset.Cardinality);
                    WriteSpan(writer, bitset.Words);
                    break;
                default:
                    writer.Write(NoChunk);
                    break;
            }
        }
    }

    /// <summary>A writable bitmap that owns every container it reads.</summary>
    public static RoaringBitmap ReadBitmap(BinaryReader reader)
    {
        var bitmap = new RoaringBitmap();
        var slots = reader.ReadInt32();
        SnapshotFormatException.ThrowIf(slots is < 0 or > 1 << 15, "bitmap directory");
        var chunks = new Container?[slots];
        for (var key = 0; key < slots; key++)
        {
            chunks[key] = reader.ReadByte() switch
            {
                NoChunk => null,
                ArrayChunk => ReadArray(reader, bitmap.WriteToken),
                BitsetChunk => ReadBitset(reader, bitmap.WriteToken),
                _ => throw new SnapshotFormatException("bitmap chunk kind"),
            };
        }

        bitmap.AttachChunks(chunks);
        return bitmap;
    }

    public static void WriteLongs(BinaryWriter writer, ChunkedView<long> column)
    {
        writer.Write(column.Count);
        for (var chunk = 0; chunk < column.ChunkCount; chunk++)
        {
            WriteSpan(writer, column.Chunk(chunk));
        }
    }

    public static ChunkedArray<long> ReadLongs(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        SnapshotFormatException.ThrowIf(count < 0, "column length");
        var chunks = new long[(count + ChunkSize - 1) / ChunkSize][];
        for (var chunk = 0; chunk < chunks.Length; chunk++)
        {
            chunks[chunk] = new long[ChunkSize];
            ReadSpan(reader, chunks[chunk].AsSpan(0, Math.Min(ChunkSize, count - (chunk * ChunkSize))));
        }

        return ChunkedArray<long>.Adopt(chunks, count);
    }

    public static void WriteSpan<T>(BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged => writer.Write(MemoryMarshal.AsBytes(values));

    public static void ReadSpan<T>(BinaryReader reader, Span<T> values)
        where T : unmanaged => reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values));

    private static ArrayContainer ReadArray(BinaryReader reader, long owner)
    {
        var values = new ushort[reader.ReadUInt16() + 1];
        ReadSpan(reader, values.AsSpan());
        return ArrayContainer.TakeOver(owner, values);
    }

    private static BitsetContainer ReadBitset(BinaryReader reader, long owner)
    {
        var cardinality = reader.ReadInt32();
        SnapshotFormatException.ThrowIf(cardinality is <= Container.ArrayMaxCardinality or > 1 << 16, "bitset cardinality");
        var words = new ulong[Container.BitsetWords];
        ReadSpan(reader, words.AsSpan());
        return new BitsetContainer(owner, words, cardinality);
    }
}

/// <summary>A snapshot file that does not read back as one: it is set aside and the index is built from the database.</summary>
internal sealed class SnapshotFormatException(string what) : Exception($"The index snapshot file is not valid: {what}.")
{
    public static void ThrowIf(bool condition, string what)
    {
        if (condition)
        {
            throw new SnapshotFormatException(what);
        }
    }
}
