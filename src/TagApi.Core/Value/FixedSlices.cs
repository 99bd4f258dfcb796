namespace TagApi.Core.Value;

/// <summary>
/// Sums a term over <c>[0, count)</c> in a fixed number of contiguous slices on the thread pool, adding the slices'
/// sums in slice order: the likelihood of a large tenant is spread over the cores, and the answer is still the same
/// number on every run and every node (a fit's parameters, and so every prediction, must not depend on scheduling).
/// </summary>
internal static class FixedSlices
{
    private const int Slices = 16;
    private const int MinimumPerSlice = 4_096;

    /// <param name="count">How many terms.</param>
    /// <param name="slice">The sum of the terms in <c>[start, end)</c>.</param>
    public static double Sum(int count, Func<int, int, double> slice)
    {
        if (count < Slices * MinimumPerSlice)
        {
            return slice(0, count);
        }

        var sums = new double[Slices];
        Parallel.For(0, Slices, i => sums[i] = slice((int)((long)count * i / Slices), (int)((long)count * (i + 1) / Slices)));
        var total = 0.0;
        foreach (var sum in sums)
        {
            total += sum;
        }

        return total;
    }
}
