using TagApi.Core.Value;

namespace TagApi.Api.Features.Value;

/// <summary>The tenant's RFM quintile edges: a value above the k-th edge scores at least k + 1; for recency, a value below it.</summary>
/// <param name="Customers">Purchasing customers the edges were taken over.</param>
/// <param name="RecencyDays">Recency edges, in days, descending.</param>
/// <param name="Frequency">Frequency edges.</param>
/// <param name="Monetary">Monetary edges.</param>
public sealed record RfmEdgesResponse(int Customers, IReadOnlyList<long> RecencyDays, IReadOnlyList<long> Frequency, IReadOnlyList<decimal> Monetary);

/// <summary>The fitted BG/NBD purchase model.</summary>
/// <param name="R">Shape of the purchase-rate Gamma distribution.</param>
/// <param name="Alpha">Scale of the purchase-rate Gamma distribution, in days.</param>
/// <param name="A">First shape of the drop-out Beta distribution.</param>
/// <param name="B">Second shape of the drop-out Beta distribution.</param>
/// <param name="LogLikelihood">The fit's maximised log-likelihood.</param>
/// <param name="Customers">Purchasing customers it was fitted on.</param>
public sealed record PurchaseModelResponse(double R, double Alpha, double A, double B, double LogLikelihood, int Customers);

/// <summary>The fitted Gamma-Gamma spend model.</summary>
/// <param name="P">Shape of a transaction's value.</param>
/// <param name="Q">Shape of the customers' spend scale.</param>
/// <param name="Gamma">Scale of the customers' spend scale.</param>
/// <param name="LogLikelihood">The fit's maximised log-likelihood.</param>
/// <param name="Customers">Customers with a repeat purchase it was fitted on.</param>
public sealed record SpendModelResponse(double P, double Q, double Gamma, double LogLikelihood, int Customers);

/// <summary>The tenant's value model: RFM edges and the fits, or why they are missing.</summary>
/// <param name="ComputedAt">When the edges and fits were computed (UTC).</param>
/// <param name="WindowDays">The window of frequency and monetary.</param>
/// <param name="Purchasers">Customers with a purchase then.</param>
/// <param name="Rfm">The quintile edges; null with <c>rfmReason</c>.</param>
/// <param name="RfmReason">Why there are no edges (too_few_customers).</param>
/// <param name="PurchaseModel">The BG/NBD fit; null with <c>modelReason</c>.</param>
/// <param name="SpendModel">The Gamma-Gamma fit; null with <c>modelReason</c>.</param>
/// <param name="ModelReason">Why a fit or a prediction is missing.</param>
/// <param name="FittedAt">When the models were fitted (UTC).</param>
/// <param name="FitSeconds">How long fitting both took.</param>
public sealed record ValueModelResponse(
    DateTime ComputedAt, int WindowDays, int Purchasers, RfmEdgesResponse? Rfm, string? RfmReason, PurchaseModelResponse? PurchaseModel,
    SpendModelResponse? SpendModel, string? ModelReason, DateTime? FittedAt, double? FitSeconds)
{
    public static ValueModelResponse From(ValueModelSummary m) => new(
        m.ComputedAt, m.WindowDays, m.Purchasers,
        m.Rfm is { } e ? new RfmEdgesResponse(e.Customers, e.RecencyDays, e.Frequency, e.Monetary) : null, m.RfmReason,
        m.PurchaseModel is { } p ? new PurchaseModelResponse(p.R, p.Alpha, p.A, p.B, p.LogLikelihood, p.Customers) : null,
        m.SpendModel is { } s ? new SpendModelResponse(s.P, s.Q, s.Gamma, s.LogLikelihood, s.Customers) : null,
        m.ModelReason, m.FittedAt, m.FitSeconds);
}

/// <summary>Customers in one histogram bin, [from, to) (the last bin includes to).</summary>
public sealed record HistogramBinResponse(double From, double To, int Customers);

/// <summary>A value's distribution over the customers that have it.</summary>
/// <param name="Customers">Customers with a value.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="Quantiles">p10, p25, p50, p75, p90 and p99 (nearest rank).</param>
/// <param name="Histogram">Ten equal-width bins (pAlive: 0 to 1; CLV: smallest to largest).</param>
public sealed record DistributionResponse(int Customers, double Mean, IReadOnlyDictionary<string, double> Quantiles, IReadOnlyList<HistogramBinResponse> Histogram)
{
    public static DistributionResponse? From(ValueDistribution? d) =>
        d is null ? null : new(d.Customers, d.Mean, d.Quantiles, [.. d.Histogram.Select(b => new HistogramBinResponse(b.From, b.To, b.Customers))]);
}

/// <summary>One row of the RFM grid.</summary>
/// <param name="R">The R score of the row.</param>
/// <param name="Customers">Customers with that R score by F score (index f − 1).</param>
public sealed record RfmGridRowResponse(int R, IReadOnlyList<int> Customers);

/// <summary>Customers in one named RFM segment.</summary>
public sealed record RfmSegmentCountResponse(string Segment, int Customers);

/// <summary>The tenant's customer value analysis.</summary>
/// <param name="Customers">Every customer.</param>
/// <param name="Purchasers">Customers with a purchase.</param>
/// <param name="RfmGrid">Customers by R score (one row each, R 5 first) and F score (index f − 1).</param>
/// <param name="Segments">Customers per named RFM segment, every segment listed.</param>
/// <param name="Model">The RFM edges and model fits used.</param>
/// <param name="PAlive">The distribution of pAlive; null without a fitted model.</param>
/// <param name="PredictedClv365d">The distribution of predictedClv365d; null without one.</param>
/// <param name="ComputedAt">When this answer was computed (UTC).</param>
public sealed record ValueAnalyticsResponse(
    int Customers, int Purchasers, IReadOnlyList<RfmGridRowResponse> RfmGrid, IReadOnlyList<RfmSegmentCountResponse> Segments, ValueModelResponse Model,
    DistributionResponse? PAlive, DistributionResponse? PredictedClv365d, DateTime ComputedAt)
{
    public static ValueAnalyticsResponse From(ValueAnalysis a) => new(
        a.Customers, a.Purchasers, [.. Enumerable.Range(1, 5).Reverse().Select(r => new RfmGridRowResponse(r, a.RfmGrid[r - 1]))], [.. a.Segments.Select(s => new RfmSegmentCountResponse(s.Segment, s.Customers))], ValueModelResponse.From(a.Model),
        DistributionResponse.From(a.PAlive), DistributionResponse.From(a.PredictedClv365d), a.ComputedAt);
}
