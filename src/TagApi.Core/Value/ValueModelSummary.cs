namespace TagApi.Core.Value;

/// <summary>A tenant's RFM quintile edges: a value above the k-th edge scores at least k + 1 (recency: below, in days).</summary>
public sealed record RfmEdgesSummary(int Customers, IReadOnlyList<long> RecencyDays, IReadOnlyList<long> Frequency, IReadOnlyList<decimal> Monetary);

/// <summary>The fitted BG/NBD parameters (α in days) with the fit's log-likelihood and the customers it used.</summary>
public sealed record PurchaseModelSummary(double R, double Alpha, double A, double B, double LogLikelihood, int Customers);

/// <summary>The fitted Gamma-Gamma parameters with the fit's log-likelihood and the customers (with a repeat purchase) it used.</summary>
public sealed record SpendModelSummary(double P, double Q, double Gamma, double LogLikelihood, int Customers);

/// <summary>A tenant's value model as shown to clients: edges, fits and the reasons for what is missing.</summary>
public sealed record ValueModelSummary(
    DateTime ComputedAt, int WindowDays, int Purchasers, RfmEdgesSummary? Rfm, string? RfmReason, PurchaseModelSummary? PurchaseModel,
    SpendModelSummary? SpendModel, string? ModelReason, DateTime? FittedAt, double? FitSeconds)
{
    public static ValueModelSummary Of(TenantValueModel model)
    {
        var rfm = model.Rfm is { } e
            ? new RfmEdgesSummary(
                e.Customers, [.. e.Recency.Edges.Select(v => -v).Reverse()], e.Frequency.Edges, [.. e.Monetary.Edges.Select(v => (decimal)v / Segments.Engine.ActivityPoint.AmountUnits)])
            : null;
        var fit = model.Fit;
        var purchase = fit?.Purchases is { } p
            ? new PurchaseModelSummary(p.Parameters.R, p.Parameters.Alpha, p.Parameters.A, p.Parameters.B, p.LogLikelihood, p.Customers)
            : null;
        var spend = fit?.Spend is { } s ? new SpendModelSummary(s.Parameters.P, s.Parameters.Q, s.Parameters.Gamma, s.LogLikelihood, s.Customers) : null;
        return new ValueModelSummary(
            model.ComputedAt, model.Settings.WindowDays, model.Purchasers, rfm, model.RfmReason, purchase, spend, model.FitReason ?? model.SpendReason, fit?.FittedAt,
            fit?.Duration.TotalSeconds);
    }
}

/// <summary>How explain shows a customer value field: the value, why it is missing, and what it was computed from.</summary>
/// <param name="Value">The value the predicate compared.</param>
/// <param name="Reason">Why the value is missing, when it is.</param>
/// <param name="Customer">The customer's value with its inputs (last purchase, purchases, spend).</param>
/// <param name="Model">The tenant's edges and model parameters.</param>
public sealed record ValueExplanation(object? Value, string? Reason, CustomerValue Customer, ValueModelSummary Model);
