using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Value;

/// <summary>
/// Computes a customer's value from their timeline (current: as of the customer's latest change) and the tenant's model
/// (edges and fit as of its <see cref="TenantValueModel.ComputedAt"/>), measured from the read's own "now", so recency
/// and T grow as days pass without any maintenance.
/// </summary>
public static class CustomerValueCalculator
{
    /// <summary>The horizon of <c>expectedPurchases90d</c>.</summary>
    public const double ShortHorizonDays = 90;

    /// <summary>The horizon of <c>predictedClv365d</c>.</summary>
    public const double ClvHorizonDays = 365;

    public static CustomerValue Compute(ActivityTimeline timeline, TenantValueModel model, DateTime now)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var window = model.Settings.WindowDays;
        if (model.PurchaseType is not { } type || PurchaseSummary.Of(timeline, type) is not { } s)
        {
            foreach (var field in (string[])["recencyDays", "rfm", "pAlive", "expectedPurchases90d", "predictedClv365d"])
            {
                reasons[field] = ValueReasons.NoPurchases;
            }

            return new CustomerValue(null, 0, 0, null, null, null, null, reasons, new ValueInputs(null, null, 0, 0, null, null, null, window), model.ComputedAt);
        }

        var from = (now - TimeSpan.FromDays(window)).Ticks;
        var recency = (int)AggregatePredicates.WholeDays(now.Ticks - s.LastTicks);
        var frequency = timeline.CountAfter(from, type, null);
        var monetaryUnits = timeline.SumAfter(from, type);
        var rfm = Score(model, recency, frequency, monetaryUnits);
        if (rfm is null)
        {
            reasons["rfm"] = model.RfmReason!;
        }

        var stats = new PurchaseStats(s.RepeatCount, s.RecencySpan, s.Age(now));
        double? pAlive = null, expected = null, clv = null;
        if (model.Fit is { } fit)
        {
            pAlive = BgNbd.ProbabilityAlive(fit.Purchases.Parameters, stats);
            if (model.ExpectationReason is null)
            {
                expected = BgNbd.ExpectedPurchases(fit.Purchases.Parameters, stats, ShortHorizonDays);
            }

            if (model.SpendReason is null)
            {
                clv = BgNbd.ExpectedPurchases(fit.Purchases.Parameters, stats, ClvHorizonDays)
                    * GammaGamma.ExpectedSpend(fit.Spend!.Parameters, new SpendStats(s.RepeatCount, s.MeanRepeatSpend ?? 0));
            }
        }

        (pAlive, expected, clv) = (Rounded(pAlive), Rounded(expected), Rounded(clv));
        AddReason(reasons, "pAlive", pAlive, model.FitReason);
        AddReason(reasons, "expectedPurchases90d", expected, model.FitReason ?? model.ExpectationReason);
        AddReason(reasons, "predictedClv365d", clv, model.SpendReason);
        var inputs = new ValueInputs(
            new DateTime(s.FirstTicks, DateTimeKind.Utc), new DateTime(s.LastTicks, DateTimeKind.Utc), s.Count, s.RepeatCount, s.RecencySpan, s.Age(now),
            s.MeanRepeatSpend, window);
        return new CustomerValue(recency, frequency, (decimal)monetaryUnits / ActivityPoint.AmountUnits, rfm, pAlive, expected, clv, reasons, inputs, model.ComputedAt);
    }

    /// <summary>
    /// A prediction as it is shown and compared: to four decimals (finer than any threshold a shop sets, and what a
    /// fixed-point column key holds exactly, so a segment compares the very value a read shows); null when the model
    /// gives no finite, sensible number.
    /// </summary>
    public static double? Rounded(double? value) =>
        value is { } v && double.IsFinite(v) && Math.Abs(v) < 1e14 ? Math.Round(v, 4, MidpointRounding.AwayFromZero) : null;

    /// <summary>The RFM scores of a customer's measures against the tenant's edges; null without edges.</summary>
    public static RfmScore? Score(TenantValueModel model, int recencyDays, int frequency, long monetaryUnits)
    {
        if (model.Rfm is not { } edges)
        {
            return null;
        }

        var (r, f, m) = (edges.Recency.Score(-recencyDays), edges.Frequency.Score(frequency), edges.Monetary.Score(monetaryUnits));
        return new RfmScore(r, f, m, RfmSegments.Of(r, f, m));
    }

    private static void AddReason(Dictionary<string, string> reasons, string field, double? value, string? reason)
    {
        if (value is null)
        {
            reasons[field] = reason ?? ValueReasons.NoPurchases;
        }
    }
}
