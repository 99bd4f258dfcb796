using TagApi.Core.Segments.Index;

namespace TagApi.Core.Tests.Segments.Index;

/// <summary>The overlap matrix's pairwise counts against <see cref="HashSet{T}"/>, over sets of every density (every container pairing).</summary>
public sealed class PairwiseCountTests
{
    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public void Every_pair_counts_what_HashSet_intersection_counts(int seed)
    {
        var rng = new Random(seed);
        // From a dense bitset chunk down to a handful of values, with the word-cache and scratch thresholds in between.
        double[] densities = [0.6, 0.2, 0.07, 0.03, 0.012, 0.005, 0.002, 0.0004, 0.00005, 0];
        var universe = 65_536 * 3 + 1_234;
        var sets = densities.Select(d => Enumerable.Range(0, universe).Where(_ => rng.NextDouble() < d).ToArray())
            .Append(Enumerable.Range(0, 70_000).ToArray())
            .ToList();
        var bitmaps = sets.Select(s => RoaringBitmap.FromSorted(s)).ToList();

        var counts = RoaringBitmap.PairwiseAndCardinality(bitmaps);

        for (var i = 0; i < sets.Count; i++)
        {
            for (var j = 0; j < sets.Count; j++)
            {
                var expected = sets[i].Intersect(sets[j]).Count();
                Assert.True(expected == counts[i][j], $"seed {seed}: [{i}][{j}] is {counts[i][j]}, expected {expected}");
                Assert.Equal(RoaringBitmap.AndCardinality(bitmaps[i], bitmaps[j]), counts[i][j]);
            }
        }

        Assert.Empty(RoaringBitmap.PairwiseAndCardinality([]));
    }
}
