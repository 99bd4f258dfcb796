using System.Diagnostics;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Value;

/// <summary>
/// Computes a tenant's <see cref="TenantValueModel"/> from one index snapshot: one pass over the customers' timelines
/// for their RFM measures and sufficient statistics (x, tₓ, T; x and m̄ₓ), then the quintile edges and the two fits.
/// </summary>
public static class TenantValueModelBuilder
{
    public static TenantValueModel Build(IndexSnapshot snapshot, DateTime now, CustomerValueSettings settings)
    {
        var model = new TenantValueModel { ComputedAt = now, Version = snapshot.Version, Settings = settings, Customers = (int)snapshot.CustomerCount };
        if (snapshot.Vocabulary.FindType(settings.PurchaseType) is not { } type)
        {
            return model with { RfmReason = ValueReasons.TooFewCustomers, FitReason = ValueReasons.TooFewCustomers };
        }

        var windowFrom = (now - TimeSpan.FromDays(settings.WindowDays)).Ticks;
        var recency = new List<long>();
        var frequency = new List<long>();
        var monetary = new List<long>();
        var purchases = new List<PurchaseStats>();
        var spend = new List<SpendStats>();
        foreach (var ordinal in snapshot.Live.Enumerate())
        {
            if (snapshot.Rows[ordinal] is not { } row || PurchaseSummary.Of(row.Activities, type) is not { } s)
            {
                continue;
            }

            recency.Add(-(long)AggregatePredicates.WholeDays(now.Ticks - s.LastTicks));
            frequency.Add(row.Activities.CountAfter(windowFrom, type, null));
            monetary.Add(row.Activities.SumAfter(windowFrom, type));
            purchases.Add(new PurchaseStats(s.RepeatCount, s.RecencySpan, s.Age(now)));
            if (s.MeanRepeatSpend is > 0 and var mean)
            {
                spend.Add(new SpendStats(s.RepeatCount, mean));
            }
        }

        model = model with { PurchaseType = type, Purchasers = recency.Count };
        model = recency.Count < Math.Max(1, settings.MinRfmCustomers)
            ? model with { RfmReason = ValueReasons.TooFewCustomers }
            : model with { Rfm = new RfmModel(recency.Count, RfmEdges.Of([.. recency]), RfmEdges.Of([.. frequency]), RfmEdges.Of([.. monetary])) };
        return model with { Fit = Fit(purchases, spend, now, settings, out var reason), FitReason = reason };
    }

    private static ValueFit? Fit(List<PurchaseStats> purchases, List<SpendStats> spend, DateTime now, CustomerValueSettings settings, out string? reason)
    {
        var repeaters = purchases.Count(p => p.X > 0);
        reason = purchases.Count < Math.Max(1, settings.MinFitCustomers) ? ValueReasons.TooFewCustomers
            : repeaters < Math.Max(1, settings.MinRepeatCustomers) ? ValueReasons.TooFewRepeatCustomers
            : null;
        if (reason is not null)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        var bgnbd = BgNbdFitter.Fit(purchases);
        if (!bgnbd.Converged || !double.IsFinite(bgnbd.LogLikelihood))
        {
            reason = ValueReasons.FitNotConverged;
            return null;
        }

        // Spend that does not vary between customers more than within them sends q and γ off to infinity: no fit.
        var gammaGamma = spend.Count >= Math.Max(1, settings.MinRepeatCustomers) ? GammaGamma.Fit(spend) : null;
        var spendReason = gammaGamma switch
        {
            null => ValueReasons.TooFewRepeatCustomers,
            { Converged: false } => ValueReasons.FitNotConverged,
            _ => null,
        };
        return new ValueFit(bgnbd, spendReason is null ? gammaGamma : null, spendReason, now, clock.Elapsed);
    }
}
