namespace TagApi.Core.Segments.Index;

public sealed partial class RoaringBitmap
{
    /// <summary>
    /// A read-only bitmap of the set bits of a flat word array (bit <c>i</c> of word <c>w</c> is
    /// ordinal <c>64w + i</c>): the result of a column scan, which produces words rather than ordinals.
    /// </summary>
    public static RoaringBitmap FromWords(ReadOnlySpan<ulong> words)
    {
        var bitmap = new RoaringBitmap();
        for (var start = 0; start < words.Length; start += Container.BitsetWords)
        {
            var slice = words.Slice(start, Math.Min(Container.BitsetWords, words.Length - start));
            var cardinality = (int)WordOps.PopCount(slice);
            if (cardinality == 0)
            {
                continue;
            }

            var buffer = new ulong[Container.BitsetWords];
            slice.CopyTo(buffer);
            bitmap.MergeChunk(start / Container.BitsetWords, Container.FromWordBuffer(bitmap._writeToken, buffer, cardinality)!);
        }

        bitmap.Freeze();
        return bitmap;
    }
}
