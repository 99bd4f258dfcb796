namespace TagApi.Core.Value;

/// <summary>Customers in one bin of a histogram, [From, To) (the last bin includes To).</summary>
public sealed record HistogramBin(double From, double To, int Customers);

/// <summary>The distribution of a value over the customers that have it.</summary>
/// <param name="Customers">Customers with a value.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="Quantiles">p10, p25, p50, p75, p90 and p99 (nearest rank), by name.</param>
/// <param name="Histogram">Ten equal-width bins.</param>
public sealed record ValueDistribution(int Customers, double Mean, IReadOnlyDictionary<string, double> Quantiles, IReadOnlyList<HistogramBin> Histogram)
{
    /// <summary>Bins of <see cref="Histogram"/>.</summary>
    public const int Bins = 10;
}

/// <summary>Customers per named RFM segment.</summary>
public sealed record SegmentCount(string Segment, int Customers);

/// <summary>The tenant-wide value analysis.</summary>
/// <param name="Customers">Every customer.</param>
/// <param name="Purchasers">Customers with a purchase.</param>
/// <param name="RfmGrid">Customers by R score (row r − 1) and F score (column f − 1).</param>
/// <param name="Segments">Customers per named segment, every name listed.</param>
/// <param name="Model">The edges and fits used.</param>
/// <param name="PAlive">The distribution of pAlive (null without a fitted model).</param>
/// <param name="PredictedClv365d">The distribution of predictedClv365d (null without one).</param>
/// <param name="ComputedAt">When.</param>
public sealed record ValueAnalysis(
    int Customers, int Purchasers, IReadOnlyList<IReadOnlyList<int>> RfmGrid, IReadOnlyList<SegmentCount> Segments, ValueModelSummary Model,
    ValueDistribution? PAlive, ValueDistribution? PredictedClv365d, DateTime ComputedAt);

internal sealed class ValueAnalysisBuilder(TenantValueModel model)
{
    private static readonly (string Name, double P)[] QuantileLevels = [("p10", 0.10), ("p25", 0.25), ("p50", 0.50), ("p75", 0.75), ("p90", 0.90), ("p99", 0.99)];
    private readonly int[][] _grid = [.. Enumerable.Range(0, 5).Select(_ => new int[5])];
    private readonly Dictionary<string, int> _segments = RfmSegments.Names.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
    private readonly List<double> _pAlive = [];
    private readonly List<double> _clv = [];
    private int _customers;
    private int _purchasers;

    public void Add(CustomerValue value)
    {
        _customers++;
        if (value.RecencyDays is not null)
        {
            _purchasers++;
        }

        if (value.Rfm is { } rfm)
        {
            _grid[rfm.R - 1][rfm.F - 1]++;
            _segments[rfm.Segment]++;
        }

        if (value.PAlive is { } p)
        {
            _pAlive.Add(p);
        }

        if (value.PredictedClv365d is { } clv)
        {
            _clv.Add(clv);
        }
    }

    public ValueAnalysis Build(DateTime now) => new(
        _customers, _purchasers, _grid, [.. _segments.Select(s => new SegmentCount(s.Key, s.Value))], ValueModelSummary.Of(model),
        Distribution(_pAlive, 0, 1), Distribution(_clv, null, null), now);

    private static ValueDistribution? Distribution(List<double> values, double? low, double? high)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var from = low ?? values[0];
        var to = high ?? values[^1];
        var width = to > from ? (to - from) / ValueDistribution.Bins : 1;
        var counts = new int[ValueDistribution.Bins];
        foreach (var v in values)
        {
            counts[Math.Clamp((int)((v - from) / width), 0, ValueDistribution.Bins - 1)]++;
        }

        var quantiles = QuantileLevels.ToDictionary(q => q.Name, q => values[Math.Max(0, (int)Math.Ceiling(q.P * values.Count) - 1)], StringComparer.Ordinal);
        var bins = counts.Select((c, i) => new HistogramBin(from + (i * width), from + ((i + 1) * width), c)).ToList();
        return new ValueDistribution(values.Count, values.Average(), quantiles, bins);
    }
}
