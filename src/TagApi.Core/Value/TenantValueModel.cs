namespace TagApi.Core.Value;

/// <summary>Why a value is missing: stable codes, documented in docs/customer-value.md.</summary>
public static class ValueReasons
{
    public const string NoPurchases = "no_purchases";
    public const string TooFewCustomers = "too_few_customers";
    public const string TooFewRepeatCustomers = "too_few_repeat_customers";
    public const string FitNotConverged = "fit_not_converged";
    public const string PurchaseModelDegenerate = "purchase_model_degenerate";
    public const string SpendModelDegenerate = "spend_model_degenerate";
}

/// <summary>A tenant's RFM quintile edges over its purchasing customers (recency edges are on −recencyDays, spend in amount units).</summary>
public sealed record RfmModel(int Customers, RfmEdges Recency, RfmEdges Frequency, RfmEdges Monetary);

/// <summary>A tenant's fitted purchase (BG/NBD) and spend (Gamma-Gamma) models.</summary>
/// <param name="Purchases">The BG/NBD fit.</param>
/// <param name="Spend">The Gamma-Gamma fit; null when the purchase model could be fitted but not the spend model.</param>
/// <param name="SpendReason">Why <paramref name="Spend"/> is null.</param>
/// <param name="FittedAt">When.</param>
/// <param name="Duration">How long both fits took.</param>
public sealed record ValueFit(ModelFit<BgNbdParameters> Purchases, ModelFit<GammaGammaParameters>? Spend, string? SpendReason, DateTime FittedAt, TimeSpan Duration);

/// <summary>
/// One tenant's value model at one moment: the RFM quintile edges and the fitted models, or the reason each is missing.
/// Immutable; <see cref="CustomerValueState"/> swaps in a new one when it recomputes.
/// </summary>
public sealed record TenantValueModel
{
    public required DateTime ComputedAt { get; init; }

    /// <summary>The index snapshot version it was computed from.</summary>
    public required long Version { get; init; }

    public required CustomerValueSettings Settings { get; init; }

    /// <summary>The purchase activity type's number; null when the tenant never recorded a purchase.</summary>
    public ushort? PurchaseType { get; init; }

    /// <summary>Customers (live) when computed, and how many of them have purchased.</summary>
    public int Customers { get; init; }

    public int Purchasers { get; init; }

    public RfmModel? Rfm { get; init; }

    /// <summary>Why <see cref="Rfm"/> is null.</summary>
    public string? RfmReason { get; init; }

    public ValueFit? Fit { get; init; }

    /// <summary>Why <see cref="Fit"/> is null.</summary>
    public string? FitReason { get; init; }

    /// <summary>
    /// Why expected purchases (and so CLV) are missing although the purchase model is fitted: the closed form divides
    /// by a − 1, which is fine on either side of 1 but loses every digit next to it.
    /// </summary>
    public string? ExpectationReason => Fit is { } f && Math.Abs(f.Purchases.Parameters.A - 1) < 1e-6 ? ValueReasons.PurchaseModelDegenerate : null;

    /// <summary>Why CLV is missing although expected purchases are given.</summary>
    public string? SpendReason => Fit switch
    {
        null => FitReason,
        { Spend: null } f => f.SpendReason,
        { Spend.Parameters.Q: <= 1 } => ValueReasons.SpendModelDegenerate,
        _ => ExpectationReason,
    };
}
