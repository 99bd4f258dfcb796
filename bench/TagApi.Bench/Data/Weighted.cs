namespace TagApi.Bench.Data;

/// <summary>A fixed list of values with weights, drawn from with an <see cref="Rng"/>.</summary>
public sealed class Weighted<T>
{
    private readonly T[] _values;
    private readonly double[] _cumulative;

    public Weighted(params (T Value, double Weight)[] entries)
    {
        _values = [.. entries.Select(e => e.Value)];
        _cumulative = new double[entries.Length];
        var sum = 0.0;
        for (var i = 0; i < entries.Length; i++)
        {
            sum += entries[i].Weight;
            _cumulative[i] = sum;
        }
    }

    public T Draw(ref Rng rng) => _values[rng.Pick(_cumulative)];
}
