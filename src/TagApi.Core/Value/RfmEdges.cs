namespace TagApi.Core.Value;

/// <summary>
/// A tenant's quintile edges for one RFM measure, over its purchasing customers. The score of a value v is
/// <c>1 + floor(5 · below(v) / n)</c>, where below(v) counts the customers whose value is strictly worse: equal
/// values always share a score (the lower one, as the first of them in rank order has), so a tie never splits
/// across two quintiles and a quintile may hold more or fewer than a fifth. That is the same as counting the four
/// edges <c>eₖ = sorted[⌈k·n/5⌉ − 1]</c> that v exceeds, which is what is kept: a value seen after the edges were
/// computed (a new purchase) is scored against them at once.
/// </summary>
public sealed class RfmEdges
{
    private readonly long[] _edges;

    private RfmEdges(long[] edges) => _edges = edges;

    /// <summary>The four edges, ascending (a value above the k-th scores at least k + 1).</summary>
    public IReadOnlyList<long> Edges => _edges;

    /// <summary>Edges over the given values, where a larger value is better.</summary>
    public static RfmEdges Of(long[] values)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Length);
        var sorted = (long[])values.Clone();
        Array.Sort(sorted);
        var n = (long)sorted.Length;
        var edges = new long[4];
        for (var k = 1; k <= 4; k++)
        {
            edges[k - 1] = sorted[(int)(((k * n) + 4) / 5) - 1];
        }

        return new RfmEdges(edges);
    }

    /// <summary>The score, 1–5, of a value where a larger value is better.</summary>
    public int Score(long value)
    {
        var score = 1;
        foreach (var edge in _edges)
        {
            if (value > edge)
            {
                score++;
            }
        }

        return score;
    }
}
