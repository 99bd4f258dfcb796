namespace TagApi.Core.Tests.Segments.Index;

/// <summary>
/// Deterministic random ordinal sets in the shapes the index meets: uniform at densities from
/// 0.01 % to 60 %, clustered runs (full and nearly full chunks), chunks sitting right at the
/// array/bitset threshold, and universes with holes.
/// </summary>
internal sealed class RandomSets(int seed)
{
    private static readonly double[] Densities = [0.0001, 0.001, 0.003, 0.01, 0.05, 0.2, 0.4, 0.6];

    public Random Rng { get; } = new(seed);

    /// <summary>Live ordinals of <c>[0, size)</c>: mostly present, with scattered and whole-chunk holes.</summary>
    public int[] Universe(int size)
    {
        var keep = 0.85 + (Rng.NextDouble() * 0.15);
        var holeChunk = Rng.NextDouble() < 0.3 ? Rng.Next(0, (size >> 16) + 1) : -1;
        var sparseChunk = Rng.NextDouble() < 0.3 ? Rng.Next(0, (size >> 16) + 1) : -1;
        var result = new List<int>(size);
        for (var i = 0; i < size; i++)
        {
            var chunk = i >> 16;
            var p = chunk == holeChunk ? 0 : chunk == sparseChunk ? 0.01 : keep;
            if (Rng.NextDouble() < p)
            {
                result.Add(i);
            }
        }

        return [.. result];
    }

    /// <summary>A sorted distinct set over <c>[0, size)</c> of a randomly chosen shape and density.</summary>
    public int[] Set(int size)
    {
        return Rng.Next(10) switch
        {
            0 => Clustered(size),
            1 => AtThreshold(size),
            2 when Rng.Next(4) == 0 => [],
            _ => Uniform(size, Densities[Rng.Next(Densities.Length)]),
        };
    }

    public int[] Uniform(int size, double density)
    {
        if (density < 0.05)
        {
            var count = (int)(size * density * (0.5 + Rng.NextDouble()));
            var sample = new int[count];
            for (var i = 0; i < count; i++)
            {
                sample[i] = Rng.Next(size);
            }

            return SortedDistinct(sample);
        }

        var result = new List<int>((int)(size * density * 1.1));
        for (var i = 0; i < size; i++)
        {
            if (Rng.NextDouble() < density)
            {
                result.Add(i);
            }
        }

        return [.. result];
    }

    /// <summary>A few dense runs: produces full chunks, dense bitsets and long empty stretches.</summary>
    public int[] Clustered(int size)
    {
        var result = new SortedSet<int>();
        var runs = Rng.Next(1, 4);
        for (var r = 0; r < runs; r++)
        {
            var start = Rng.Next(size);
            var length = Rng.Next(1, Math.Min(size - start, 70_000) + 1);
            var density = Rng.Next(2) == 0 ? 1.0 : 0.7;
            for (var i = start; i < start + length; i++)
            {
                if (density >= 1.0 || Rng.NextDouble() < density)
                {
                    result.Add(i);
                }
            }
        }

        return [.. result];
    }

    /// <summary>Chunks holding 4,094 to 4,098 members, either side of the array/bitset threshold.</summary>
    public int[] AtThreshold(int size)
    {
        var result = new List<int>();
        for (var chunkStart = 0; chunkStart < size; chunkStart += 1 << 16)
        {
            var span = Math.Min(1 << 16, size - chunkStart);
            var count = Math.Min(span, 4094 + Rng.Next(5));
            var picked = new HashSet<int>();
            while (picked.Count < count)
            {
                picked.Add(chunkStart + Rng.Next(span));
            }

            result.AddRange(picked);
        }

        return SortedDistinct([.. result]);
    }

    private static int[] SortedDistinct(int[] values)
    {
        Array.Sort(values);
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (n == 0 || values[i] != values[n - 1])
            {
                values[n++] = values[i];
            }
        }

        return values[..n];
    }
}
