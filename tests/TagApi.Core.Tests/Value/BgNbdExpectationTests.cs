using TagApi.Core.Value;

namespace TagApi.Core.Tests.Value;

/// <summary>
/// The model's closed forms against references computed here a different way: P(alive) and E[Y(t) | x, tₓ, T] by
/// numeric integration (good to about 1e-7) over the drop-out probability p (the purchase rate λ integrated out by its Gamma moment),
/// E[Y(t) | alive, λ, p] = (1 − e^(−λpt)) / p (Fader, Hardie &amp; Lee 2005, eq. 7).
/// </summary>
public sealed class BgNbdExpectationTests
{
    // The CDNOW fit of the paper (weeks), and one with a > 1.
    public static TheoryData<double, double, double, double> Parameters => new()
    {
        { 0.243, 4.414, 0.793, 2.426 },
        { 1.5, 60, 2.2, 6.0 },
    };

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Probability_alive_and_expected_purchases_equal_their_integrals(double r, double alpha, double a, double b)
    {
        var parameters = new BgNbdParameters(r, alpha, a, b);
        PurchaseStats[] histories = [new(0, 0, 30), new(1, 5, 40), new(2, 30.5, 38), new(7, 35, 39), new(3, 2, 78), new(12, 300, 320)];
        foreach (var s in histories)
        {
            var (pAlive, expected) = Reference(parameters, s, 52);
            Assert.Equal(pAlive, BgNbd.ProbabilityAlive(parameters, s), 5);
            var actual = BgNbd.ExpectedPurchases(parameters, s, 52);
            Assert.True(Math.Abs(actual - expected) <= 1e-5 * Math.Max(1, expected), $"{s}: closed form {actual}, integral {expected}");
        }
    }

    [Fact]
    public void The_log_likelihood_equals_the_integrated_likelihood()
    {
        var parameters = new BgNbdParameters(0.9, 12, 1.7, 3.1);
        foreach (var s in (PurchaseStats[])[new(0, 0, 25), new(4, 20, 31), new(9, 14, 60)])
        {
            var (lAlive, lDead) = Likelihoods(parameters, s);
            Assert.Equal(Math.Log(lAlive + lDead), BgNbd.LogLikelihood(parameters, s), 6);
        }
    }

    // P(alive) = L_alive / L, and E[Y(t)] = P(alive) · E_p[(1 − ((α+T)/(α+T+pt))^(r+x)) / p] under p ~ Beta(a, b + x).
    private static (double PAlive, double Expected) Reference(BgNbdParameters m, PurchaseStats s, double t)
    {
        var (alive, dead) = Likelihoods(m, s);
        var pAlive = alive / (alive + dead);
        var rx = m.R + s.X;
        var norm = BetaIntegral(m.A, m.B + s.X, _ => 1);
        var mean = BetaIntegral(m.A, m.B + s.X, p => -double.ExpM1(-rx * double.LogP1(p * t / (m.Alpha + s.T))) / p) / norm;
        return (pAlive, pAlive * mean);
    }

    // L_alive = E_λ[λ^x e^(−λT)] · E_p[(1−p)^x], L_dead = E_λ[λ^x e^(−λtₓ)] · E_p[p(1−p)^(x−1)] (x > 0).
    private static (double Alive, double Dead) Likelihoods(BgNbdParameters m, PurchaseStats s)
    {
        var prior = BetaIntegral(m.A, m.B, _ => 1);
        double GammaMoment(double span) => Math.Exp(LogGammaRatio(m.R, s.X) + (m.R * Math.Log(m.Alpha)) - ((m.R + s.X) * Math.Log(m.Alpha + span)));
        var alive = GammaMoment(s.T) * BetaIntegral(m.A, m.B, p => Math.Pow(1 - p, s.X)) / prior;
        var dead = s.X > 0 ? GammaMoment(s.Tx) * BetaIntegral(m.A, m.B, p => p * Math.Pow(1 - p, s.X - 1)) / prior : 0;
        return (alive, dead);
    }

    // Γ(r + x)/Γ(r) for whole x as a product, independent of the product's log-gamma.
    private static double LogGammaRatio(double r, double x)
    {
        var sum = 0.0;
        for (var i = 0; i < (int)x; i++)
        {
            sum += Math.Log(r + i);
        }

        return sum;
    }

    // ∫₀¹ p^(a−1) (1−p)^(b−1) g(p) dp with p = u^(1/a), which turns p^(a−1) dp into du/a and removes the singularity at 0;
    // the (1 − p) end is split the same way. Composite Simpson on each half.
    private static double BetaIntegral(double a, double b, Func<double, double> g)
    {
        double Left(double u)
        {
            var p = Math.Pow(u, 1 / a);
            return Math.Pow(1 - p, b - 1) * g(p) / a;
        }

        double Right(double v)
        {
            var q = Math.Pow(v, 1 / b);
            var p = 1 - q;
            return Math.Pow(p, a - 1) * g(p) / b;
        }

        // Left covers p in (0, ½]: u in (0, 2^−a]; right covers p in [½, 1): v in (0, 2^−b].
        return Simpson(Left, 0, Math.Pow(0.5, a)) + Simpson(Right, 0, Math.Pow(0.5, b));
    }

    private static double Simpson(Func<double, double> f, double from, double to, int intervals = 200_000)
    {
        var h = (to - from) / intervals;
        var sum = f(from + (h * 1e-3)) + f(to);
        for (var i = 1; i < intervals; i++)
        {
            sum += f(from + (i * h)) * (i % 2 == 1 ? 4 : 2);
        }

        return sum * h / 3;
    }
}
