using TagApi.Core.Value;

namespace TagApi.Api.Features.Value;

/// <summary>A customer's RFM scores.</summary>
/// <param name="R">Recency score, 1–5 (5: purchased most recently).</param>
/// <param name="F">Frequency score, 1–5.</param>
/// <param name="M">Monetary score, 1–5.</param>
/// <param name="Segment">The named RFM segment: champions, loyal, potential_loyalist, new, promising, need_attention, about_to_sleep, at_risk, cannot_lose, hibernating or lost.</param>
public sealed record RfmScoreResponse(int R, int F, int M, string Segment);

/// <summary>What a customer's values were computed from.</summary>
/// <param name="FirstPurchaseAt">The first purchase (UTC).</param>
/// <param name="LastPurchaseAt">The latest purchase (UTC).</param>
/// <param name="Purchases">Purchases ever.</param>
/// <param name="RepeatTransactions">Purchase days after the first (the model's x).</param>
/// <param name="RecencySpanDays">Days from the first to the latest purchase day (the model's tₓ).</param>
/// <param name="AgeDays">Days from the first purchase day to today (the model's T).</param>
/// <param name="MeanRepeatSpend">Mean spend of a repeat purchase day (the spend model's m̄ₓ).</param>
/// <param name="WindowDays">The window of frequency and monetary, in days.</param>
public sealed record ValueInputsResponse(
    DateTime? FirstPurchaseAt, DateTime? LastPurchaseAt, int Purchases, int RepeatTransactions, int? RecencySpanDays, int? AgeDays, double? MeanRepeatSpend, int WindowDays)
{
    public static ValueInputsResponse From(ValueInputs i) =>
        new(i.FirstPurchaseAt, i.LastPurchaseAt, i.Purchases, i.RepeatTransactions, i.RecencySpanDays, i.AgeDays, i.MeanRepeatSpend, i.WindowDays);
}

/// <summary>
/// Why each value is null (null when it is given): no_purchases, too_few_customers, too_few_repeat_customers,
/// fit_not_converged, purchase_model_degenerate or spend_model_degenerate.
/// </summary>
/// <param name="RecencyDays">Why recencyDays is null.</param>
/// <param name="Rfm">Why rfm is null.</param>
/// <param name="PAlive">Why pAlive is null.</param>
/// <param name="ExpectedPurchases90d">Why expectedPurchases90d is null.</param>
/// <param name="PredictedClv365d">Why predictedClv365d is null.</param>
public sealed record ValueReasonsResponse(string? RecencyDays, string? Rfm, string? PAlive, string? ExpectedPurchases90d, string? PredictedClv365d)
{
    public static ValueReasonsResponse From(IReadOnlyDictionary<string, string> r) => new(
        r.GetValueOrDefault("recencyDays"), r.GetValueOrDefault("rfm"), r.GetValueOrDefault("pAlive"), r.GetValueOrDefault("expectedPurchases90d"),
        r.GetValueOrDefault("predictedClv365d"));
}

/// <summary>
/// A customer's value: RFM measures and scores, and the predicted-value model's answers (docs/customer-value.md). A
/// value that cannot be given is null, and <c>reasons</c> says why, by field name.
/// </summary>
/// <param name="RecencyDays">Whole days since the latest purchase.</param>
/// <param name="Frequency">Purchases in the window.</param>
/// <param name="Monetary">Purchase amount in the window.</param>
/// <param name="Rfm">Quintile scores against the tenant's purchasing customers, and the named segment.</param>
/// <param name="PAlive">Probability the customer is still active (BG/NBD).</param>
/// <param name="ExpectedPurchases90d">Expected purchase days in the next 90 days (BG/NBD).</param>
/// <param name="PredictedClv365d">Expected spend in the next 365 days, undiscounted (BG/NBD × Gamma-Gamma).</param>
/// <param name="Reasons">Why a value is null, by field.</param>
/// <param name="Inputs">What the values were computed from.</param>
/// <param name="ComputedAt">When the tenant's edges and model fit used were computed (UTC); the customer's own inputs are current.</param>
public sealed record CustomerValueResponse(
    int? RecencyDays, int Frequency, decimal Monetary, RfmScoreResponse? Rfm, double? PAlive, double? ExpectedPurchases90d, double? PredictedClv365d,
    ValueReasonsResponse Reasons, ValueInputsResponse Inputs, DateTime ComputedAt)
{
    public static CustomerValueResponse From(CustomerValue v) => new(
        v.RecencyDays, v.Frequency, v.Monetary, v.Rfm is { } r ? new RfmScoreResponse(r.R, r.F, r.M, r.Segment) : null,
        v.PAlive, v.ExpectedPurchases90d, v.PredictedClv365d, ValueReasonsResponse.From(v.Reasons), ValueInputsResponse.From(v.Inputs), v.ComputedAt);
}
