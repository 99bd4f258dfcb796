namespace TagApi.Core.Value;

/// <summary>One customer's purchase history as BG/NBD sees it: x repeat transactions, the latest at tₓ, observed for T (days).</summary>
public readonly record struct PurchaseStats(double X, double Tx, double T);

/// <summary>BG/NBD parameters: purchase rates λ ~ Gamma(r, α) (α in days), drop-out probabilities p ~ Beta(a, b).</summary>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B);

/// <summary>
/// The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way": the likelihood of a
/// history (their eq. 6), the probability a customer is still active (eq. 13) and the expected transactions in
/// the next t days (eq. 10, with the Gauss hypergeometric series).
/// </summary>
public static class BgNbd
{
    /// <summary>ln L(r, α, a, b | x, tₓ, T) of one customer.</summary>
    public static double LogLikelihood(BgNbdParameters p, PurchaseStats s)
    {
        var (r, alpha, a, b) = (p.R, p.Alpha, p.A, p.B);
        var a1 = SpecialFunctions.LogGamma(r + s.X) - SpecialFunctions.LogGamma(r) + (r * Math.Log(alpha));
        var a2 = SpecialFunctions.LogGamma(a + b) + SpecialFunctions.LogGamma(b + s.X) - SpecialFunctions.LogGamma(b) - SpecialFunctions.LogGamma(a + b + s.X);
        var a3 = -(r + s.X) * Math.Log(alpha + s.T);
        return a1 + a2 + (s.X > 0 ? LogSumExp(a3, Math.Log(a) - Math.Log(b + s.X - 1) - ((r + s.X) * Math.Log(alpha + s.Tx))) : a3);
    }

    /// <summary>P(alive | x, tₓ, T): 1 for a customer without a repeat purchase, whom the model never lets drop out before one.</summary>
    public static double ProbabilityAlive(BgNbdParameters p, PurchaseStats s) =>
        s.X == 0 ? 1 : 1 / (1 + DeadOdds(p, s));

    /// <summary>E[Y(t) | x, tₓ, T]: the expected transactions in the next <paramref name="t"/> days (a ≠ 1).</summary>
    public static double ExpectedPurchases(BgNbdParameters p, PurchaseStats s, double t)
    {
        var (r, alpha, a, b) = (p.R, p.Alpha, p.A, p.B);
        var rx = r + s.X;
        var z = t / (alpha + s.T + t);
        var hyper = SpecialFunctions.Hyp2F1(rx, b + s.X, a + b + s.X - 1, z);
        var numerator = (a + b + s.X - 1) / (a - 1) * (1 - (Math.Pow((alpha + s.T) / (alpha + s.T + t), rx) * hyper));
        return numerator / (1 + (s.X > 0 ? DeadOdds(p, s) : 0));
    }

    // a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x): the odds that the customer dropped out after the latest transaction.
    private static double DeadOdds(BgNbdParameters p, PurchaseStats s) =>
        p.A / (p.B + s.X - 1) * Math.Exp((p.R + s.X) * (Math.Log(p.Alpha + s.T) - Math.Log(p.Alpha + s.Tx)));

    internal static double LogSumExp(double u, double v)
    {
        var max = Math.Max(u, v);
        return max + Math.Log(Math.Exp(u - max) + Math.Exp(v - max));
    }
}
