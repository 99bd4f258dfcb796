using TagApi.Core.Segments.Engine;
using TagApi.Core.Value;

namespace TagApi.Core.Tests.Value;

/// <summary>
/// Parameter recovery: purchase histories simulated from known (r, α, a, b) and (p, q, γ) with a fixed seed are
/// fitted back by maximum likelihood. Tolerances are relative, chosen from the sampling error at these sizes:
/// r and α within 10 %, a and b (identified only by the repeat buyers who stop) within 25 %, p, q and γ within 15 %.
/// </summary>
public sealed class ValueModelRecoveryTests
{
    private static readonly BgNbdParameters Purchases = new(0.8, 30, 0.9, 2.5);
    private static readonly GammaGammaParameters Spend = new(6, 4, 15);

    [Fact]
    public void Fitting_simulated_histories_recovers_the_purchase_model()
    {
        var simulation = new Simulation(20261206);
        var customers = Enumerable.Range(0, 30_000).Select(_ => simulation.Customer(Purchases, simulation.Uniform(180, 720)).Stats).ToList();

        var fit = BgNbdFitter.Fit(customers);

        Assert.True(fit.Converged);
        AssertNear(Purchases.R, fit.Parameters.R, 0.10, "r");
        AssertNear(Purchases.Alpha, fit.Parameters.Alpha, 0.10, "alpha");
        AssertNear(Purchases.A, fit.Parameters.A, 0.25, "a");
        AssertNear(Purchases.B, fit.Parameters.B, 0.25, "b");
        // The maximum is a maximum: the true parameters are no more likely than the fitted ones.
        Assert.True(fit.LogLikelihood >= customers.Sum(c => BgNbd.LogLikelihood(Purchases, c)) - 1e-6);
        Assert.Equal(fit.LogLikelihood, customers.Sum(c => BgNbd.LogLikelihood(fit.Parameters, c)), 4);
    }

    [Fact]
    public void Fitting_simulated_spend_recovers_the_spend_model()
    {
        var simulation = new Simulation(6122026);
        var customers = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var x = 1 + (int)simulation.Uniform(0, 12);
            return new SpendStats(x, simulation.MeanSpend(Spend, x));
        }).ToList();

        var fit = GammaGamma.Fit(customers);

        Assert.True(fit.Converged);
        AssertNear(Spend.P, fit.Parameters.P, 0.15, "p");
        AssertNear(Spend.Q, fit.Parameters.Q, 0.15, "q");
        AssertNear(Spend.Gamma, fit.Parameters.Gamma, 0.15, "gamma");
        Assert.True(fit.LogLikelihood >= customers.Sum(c => GammaGamma.LogLikelihood(Spend, c)) - 1e-6);
    }

    [Fact]
    public void A_tenant_index_of_simulated_timelines_fits_the_model_from_whole_purchase_days()
    {
        var simulation = new Simulation(42);
        var now = new DateTime(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
        var histories = Enumerable.Range(0, 8_000).Select(_ =>
        {
            var observed = Math.Floor(simulation.Uniform(180, 720));
            var first = now.Date.AddDays(-observed).AddHours(9);
            var (stats, times) = simulation.Customer(Purchases, observed);
            var spend = stats.X > 0 ? simulation.MeanSpend(Spend, (int)stats.X) : 50;
            IReadOnlyList<(DateTime, decimal)> purchases = [(first, 40m), .. times.Select(t => (first.AddDays(t), Math.Round((decimal)spend, 2)))];
            return purchases;
        }).ToList();
        var index = ValueTenants.Index(new ActivityVocabulary(), histories);

        var model = index.Value.Get(index.Current, now);

        Assert.NotNull(model.Fit);
        AssertNear(Purchases.R, model.Fit.Purchases.Parameters.R, 0.2, "r");
        AssertNear(Purchases.Alpha, model.Fit.Purchases.Parameters.Alpha, 0.2, "alpha");
        Assert.Equal(8_000, model.Fit.Purchases.Customers);
        var value = CustomerValueCalculator.Compute(index.Current.Rows[0]!.Activities, model, now);
        Assert.InRange(value.PAlive!.Value, 0, 1);
        Assert.True(value.ExpectedPurchases90d >= 0 && value.PredictedClv365d >= 0);
    }

    [Fact]
    public void A_thin_tenant_gets_no_model_and_says_why()
    {
        var now = new DateTime(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
        IReadOnlyList<(DateTime, decimal)> one = [(now.AddDays(-3), 10m), (now.AddDays(-1), 12m)];
        var index = ValueTenants.Index(new ActivityVocabulary(), [one, one, one, one, one, [], one]);

        var model = index.Value.Get(index.Current, now);
        var value = CustomerValueCalculator.Compute(index.Current.Rows[0]!.Activities, model, now);
        var none = CustomerValueCalculator.Compute(index.Current.Rows[5]!.Activities, model, now);

        Assert.Null(model.Fit);
        Assert.Equal(ValueReasons.TooFewCustomers, model.FitReason);
        Assert.NotNull(value.Rfm);
        Assert.Null(value.PAlive);
        Assert.Equal(ValueReasons.TooFewCustomers, value.Reasons["pAlive"]);
        Assert.Equal(ValueReasons.TooFewCustomers, value.Reasons["predictedClv365d"]);
        Assert.Equal(ValueReasons.NoPurchases, none.Reasons["pAlive"]);
        Assert.Equal(1, value.RecencyDays);
    }

    private static void AssertNear(double expected, double actual, double relative, string name) =>
        Assert.True(Math.Abs(actual - expected) <= relative * expected, $"{name}: expected {expected} ± {relative:P0}, fitted {actual}");
}
