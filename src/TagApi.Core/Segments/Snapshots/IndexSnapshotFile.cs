using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Segments.Snapshots;

/// <summary>
/// One snapshot file: a header (<see cref="SnapshotHeader"/>), the index body (<see cref="SnapshotIndexBody"/>), and
/// the hash of both. Memory is copied as it lies (little-endian), and the format number changes whenever the index's
/// layout does, so a file is only ever read by the code that could have written it.
/// </summary>
internal static class IndexSnapshotFile
{
    /// <summary>"TAGIDX" and a format number.</summary>
    private const ulong Magic = 0x5844_4947_4154_0000UL | Format;
    private const ulong Format = 1;
    private const int BufferBytes = 1 << 20;

    public static void Write(Stream file, SnapshotHeader header, IndexSnapshot snapshot)
    {
        var hashing = new HashingStream(file);
        using (var buffered = new BufferedStream(hashing, BufferBytes))
        using (var writer = new BinaryWriter(buffered, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(header.TenantId);
            writer.Write(header.TenantCreatedAt.Ticks);
            writer.Write(header.Position.IsHorizon);
            writer.Write(header.Position.Value);
            writer.Write(header.TakenAt.Ticks);
            writer.Write(header.Customers);
            SnapshotIndexBody.Write(writer, snapshot);
        }

        file.Write(BitConverter.GetBytes(hashing.Hash));
    }

    /// <summary>The header alone; null when the file is not a snapshot of this format.</summary>
    public static SnapshotHeader? ReadHeader(Stream file)
    {
        if (file.Length < 64)
        {
            return null;
        }

        using var reader = new BinaryReader(file, System.Text.Encoding.UTF8, leaveOpen: true);
        return ReadHeader(reader);
    }

    /// <summary>The index body of a file whose header was read; throws <see cref="SnapshotFormatException"/> when it is damaged.</summary>
    public static RestoredIndex ReadBody(Stream file)
    {
        var length = file.Length;
        file.Position = 0;
        var hashing = new HashingStream(file, length - sizeof(ulong));
        RestoredIndex body;
        using (var buffered = new BufferedStream(hashing, BufferBytes))
        using (var reader = new BinaryReader(buffered, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ReadHeader(reader);
            body = SnapshotIndexBody.Read(reader);
            SnapshotFormatException.ThrowIf(buffered.ReadByte() >= 0, "bytes after the index");
        }

        Span<byte> stored = stackalloc byte[sizeof(ulong)];
        file.ReadExactly(stored);
        SnapshotFormatException.ThrowIf(BitConverter.ToUInt64(stored) != hashing.Hash, "its hash does not match its contents");
        return body;
    }

    private static SnapshotHeader? ReadHeader(BinaryReader reader) => reader.ReadUInt64() != Magic ? null : new SnapshotHeader(
        reader.ReadInt64(), new DateTime(reader.ReadInt64(), DateTimeKind.Utc), new SnapshotPosition(reader.ReadBoolean(), reader.ReadInt64()),
        new DateTime(reader.ReadInt64(), DateTimeKind.Utc), reader.ReadInt64());
}
