using System.IO.Hashing;

namespace TagApi.Core.Segments.Snapshots;

/// <summary>
/// Passes bytes through to a file while hashing them, so a snapshot file carries the hash of everything before it and
/// a reader can tell a damaged file from a good one. Reading stops at <paramref name="readLimit"/> (where the hash
/// begins), however far ahead the buffer above asks for.
/// </summary>
internal sealed class HashingStream(Stream inner, long readLimit = long.MaxValue) : Stream
{
    private readonly XxHash3 _hash = new();
    private long _passed;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _passed;
        set => throw new NotSupportedException();
    }

    /// <summary>The hash of every byte passed so far.</summary>
    public ulong Hash => _hash.GetCurrentHashAsUInt64();

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, readLimit - _passed);
        var read = wanted <= 0 ? 0 : inner.Read(buffer[..wanted]);
        _hash.Append(buffer[..read]);
        _passed += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.Append(buffer);
        _passed += buffer.Length;
        inner.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
