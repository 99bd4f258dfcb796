using TagApi.Core.Segments.Index;

namespace TagApi.Core.Tests.Segments.Index;

/// <summary>Checks a bitmap against an expected sorted set and its own structural invariants.</summary>
internal static class BitmapInvariants
{
    public static void Matches(int[] expectedSorted, RoaringBitmap bitmap, string context)
    {
        Assert.True(expectedSorted.Length == bitmap.Cardinality, $"{context}: cardinality {bitmap.Cardinality}, expected {expectedSorted.Length}.");
        SequenceAssert.Same(expectedSorted, bitmap.ToArray(), context);
        HasValidContainers(bitmap, context);
    }

    /// <summary>Arrays hold 1 to 4,096 members, bitsets more, and each knows its true population.</summary>
    public static void HasValidContainers(RoaringBitmap bitmap, string context)
    {
        long total = 0;
        for (var key = 0; key < bitmap.ChunkSlots; key++)
        {
            switch (bitmap.GetChunk(key))
            {
                case ArrayContainer array:
                    Assert.InRange(array.Cardinality, 1, Container.ArrayMaxCardinality);
                    for (var i = 1; i < array.Values.Length; i++)
                    {
                        Assert.True(array.Values[i - 1] < array.Values[i], $"{context}: chunk {key} array not strictly ascending.");
                    }

                    total += array.Cardinality;
                    break;
                case BitsetContainer bitset:
                    Assert.InRange(bitset.Cardinality, Container.ArrayMaxCardinality + 1, 1 << 16);
                    Assert.Equal(bitset.Cardinality, bitset.Words.ToArray().Sum(w => System.Numerics.BitOperations.PopCount(w)));
                    total += bitset.Cardinality;
                    break;
            }
        }

        Assert.True(total == bitmap.Cardinality, $"{context}: containers hold {total}, bitmap claims {bitmap.Cardinality}.");
    }
}
