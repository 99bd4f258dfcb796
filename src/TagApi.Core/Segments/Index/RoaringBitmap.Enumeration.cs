using System.Numerics;

namespace TagApi.Core.Segments.Index;

public sealed partial class RoaringBitmap
{
    /// <summary>Every member in ascending order.</summary>
    /// <remarks>Enumerate a snapshot if the bitmap may change meanwhile.</remarks>
    public IEnumerable<int> Enumerate() => EnumerateFrom(0);

    /// <summary>
    /// Members not below <paramref name="fromInclusive"/>, ascending: keyset paging resumes with
    /// the last ordinal of the previous page plus one.
    /// </summary>
    public IEnumerable<int> EnumerateFrom(int fromInclusive) => EnumerateChunks(_chunks, Math.Max(fromInclusive, 0));

    /// <summary>All members, ascending, in a new array.</summary>
    public int[] ToArray()
    {
        var result = new int[_cardinality];
        var n = 0;
        for (var key = 0; key < _chunks.Length; key++)
        {
            var high = key << 16;
            switch (_chunks[key])
            {
                case ArrayContainer array:
                    foreach (var value in array.Values)
                    {
                        result[n++] = high | value;
                    }

                    break;
                case BitsetContainer bitset:
                    var words = bitset.Words;
                    for (var w = 0; w < words.Length; w++)
                    {
                        for (var word = words[w]; word != 0; word &= word - 1)
                        {
                            result[n++] = high | (w << 6) | BitOperations.TrailingZeroCount(word);
                        }
                    }

                    break;
            }
        }

        return result;
    }

    private static IEnumerable<int> EnumerateChunks(Container?[] chunks, int fromInclusive)
    {
        for (var key = fromInclusive >> 16; key < chunks.Length; key++)
        {
            var high = key << 16;
            var low = key == fromInclusive >> 16 ? fromInclusive & 0xFFFF : 0;
            switch (chunks[key])
            {
                case ArrayContainer array:
                    var values = array.RawValues;
                    for (var i = array.LowerBound(low); i < array.Cardinality; i++)
                    {
                        yield return high | values[i];
                    }

                    break;
                case BitsetContainer bitset:
                    var words = bitset.RawWords;
                    for (var w = low >> 6; w < words.Length; w++)
                    {
                        var word = w == low >> 6 ? words[w] & (ulong.MaxValue << low) : words[w];
                        for (; word != 0; word &= word - 1)
                        {
                            yield return high | (w << 6) | BitOperations.TrailingZeroCount(word);
                        }
                    }

                    break;
            }
        }
    }
}
