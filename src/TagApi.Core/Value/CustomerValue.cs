namespace TagApi.Core.Value;

/// <summary>A customer's RFM scores (1–5) and named segment.</summary>
public sealed record RfmScore(int R, int F, int M, string Segment);

/// <summary>What a customer's values were computed from.</summary>
/// <param name="FirstPurchaseAt">The first purchase.</param>
/// <param name="LastPurchaseAt">The latest purchase.</param>
/// <param name="Purchases">Purchases ever.</param>
/// <param name="RepeatTransactions">Purchase days after the first (the model's x).</param>
/// <param name="RecencySpanDays">Days from the first to the latest purchase day (tₓ).</param>
/// <param name="AgeDays">Days from the first purchase day to today (T).</param>
/// <param name="MeanRepeatSpend">Mean spend of a repeat purchase day (m̄ₓ).</param>
/// <param name="WindowDays">The window of frequency and monetary.</param>
public sealed record ValueInputs(
    DateTime? FirstPurchaseAt, DateTime? LastPurchaseAt, int Purchases, int RepeatTransactions, int? RecencySpanDays, int? AgeDays,
    double? MeanRepeatSpend, int WindowDays);

/// <summary>
/// One customer's value: RFM measures and scores, and the model's predictions, each null with a reason (by field name
/// in <see cref="Reasons"/>) when it cannot be given.
/// </summary>
public sealed record CustomerValue(
    int? RecencyDays, int Frequency, decimal Monetary, RfmScore? Rfm, double? PAlive, double? ExpectedPurchases90d, double? PredictedClv365d,
    IReadOnlyDictionary<string, string> Reasons, ValueInputs Inputs, DateTime ComputedAt);
