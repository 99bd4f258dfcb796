using TagApi.Core.Segments.Index;

namespace TagApi.Core.Tests.Segments.Index;

/// <summary>
/// Random expression trees (depth up to 6) over random sets of mixed densities, evaluated by the
/// fused evaluator and by definition, ordinal by ordinal, against hash sets.
/// </summary>
public sealed class BitmapEvaluatorDifferentialTests
{
    // Small universes get most cases (the reference is the slow side); a few large ones cover
    // many chunks, whole-chunk holes and the chunk edges at 65,535 / 65,536.
    [Theory]
    [InlineData(101, 3_000, 400)]
    [InlineData(102, 20_000, 300)]
    [InlineData(109, 30_000, 300)]
    [InlineData(103, 65_536, 120)]
    [InlineData(104, 70_000, 120)]
    [InlineData(105, 140_000, 50)]
    [InlineData(106, 200_000, 40)]
    [InlineData(107, 300_000, 30)]
    [InlineData(108, 300_000, 30)]
    public void Fused_evaluation_agrees_with_the_definition(int seed, int size, int expressions)
    {
        var world = new ExpressionWorld(new RandomSets(seed), size, leafCount: 10);
        var rng = new Random(seed);
        for (var i = 0; i < expressions; i++)
        {
            var expression = world.RandomExpression(maxDepth: 6);
            var expected = world.Reference(expression);
            var context = $"seed {seed} #{i} {expression}";
            var query = world.Evaluator.Compile(expression);

            Assert.True(expected.Length == query.Count(), $"{context}: count {query.Count()}, expected {expected.Length}");
            SequenceAssert.Same(expected, query.Enumerate().ToArray(), context + " enumerate");
            BitmapInvariants.Matches(expected, query.Materialize(), context + " materialize");

            var visited = new List<int>();
            query.Visit(batch =>
            {
                visited.AddRange(batch.ToArray());
                return true;
            });
            SequenceAssert.Same(expected, visited.ToArray(), context + " visit");

            foreach (var (after, limit) in PagePairs(expected, size, rng))
            {
                SequenceAssert.Same(ExpectedPage(expected, after, limit), query.FirstPage(after, limit), $"{context} page after {after} limit {limit}");
                SequenceAssert.Same(ExpectedPageBefore(expected, after + 1, limit), query.LastPage(after + 1, limit), $"{context} page before {after + 1} limit {limit}");
            }

            SequenceAssert.Same(ExpectedPageBefore(expected, int.MaxValue, 50), query.LastPage(int.MaxValue, 50), $"{context} last page");
            var from = rng.Next(-1, size);
            SequenceAssert.Same(ExpectedPage(expected, from, int.MaxValue), query.Enumerate(from).ToArray(), $"{context} enumerate after {from}");
        }
    }

    private static IEnumerable<(int After, int Limit)> PagePairs(int[] expected, int size, Random rng)
    {
        yield return (-1, 1);
        yield return (-1, 50);
        yield return (rng.Next(size), 50);
        yield return (rng.Next(-5, size + 5), rng.Next(1, 5_000));
        yield return (-1, expected.Length + 3);
        if (expected.Length > 0)
        {
            // Keyset paging continues from a member (exclusive) and from chunk edges.
            yield return (expected[rng.Next(expected.Length)], 20);
            yield return (expected[^1], 10);
            yield return (65_535, 7);
            yield return (65_536, 7);
        }
    }

    private static int[] ExpectedPageBefore(int[] expected, int before, int limit)
    {
        var end = Array.BinarySearch(expected, before);
        end = end >= 0 ? end : ~end;
        var start = Math.Max(0, end - limit);
        return expected.AsSpan(start, end - start).ToArray();
    }

    private static int[] ExpectedPage(int[] expected, int after, int limit)
    {
        var start = Array.BinarySearch(expected, after);
        start = start >= 0 ? start + 1 : ~start;
        return expected.AsSpan(start, Math.Min(limit, expected.Length - start)).ToArray();
    }
}
