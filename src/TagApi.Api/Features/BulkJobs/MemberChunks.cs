using System.Buffers.Binary;
using TagApi.Core.BulkJobs;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// A member set taken when a job starts (segment.tag, customers.export), stored as chunks of customer ids so the job
/// works through exactly that set however the segment changes meanwhile, and resumes through it after a crash.
/// </summary>
public static class MemberChunks
{
    public static BulkJobChunk Pack(IReadOnlyList<long> ids, long firstPosition)
    {
        var data = new byte[ids.Count * sizeof(long)];
        for (var i = 0; i < ids.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * sizeof(long)), ids[i]);
        }

        return new BulkJobChunk { Data = data, Lines = ids.Count, FirstLine = firstPosition };
    }

    public static long[] Unpack(BulkJobChunk chunk)
    {
        var ids = new long[chunk.Data.Length / sizeof(long)];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = BinaryPrimitives.ReadInt64LittleEndian(chunk.Data.AsSpan(i * sizeof(long)));
        }

        return ids;
    }
}
