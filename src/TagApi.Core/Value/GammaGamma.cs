namespace TagApi.Core.Value;

/// <summary>One customer's repeat spend: x repeat transactions of mean value m̄ₓ.</summary>
public readonly record struct SpendStats(double X, double MeanSpend);

/// <summary>Gamma-Gamma parameters: a transaction's value ~ Gamma(p, ν), the customer's ν ~ Gamma(q, γ).</summary>
public sealed record GammaGammaParameters(double P, double Q, double Gamma);

/// <summary>
/// The Gamma-Gamma spend model of Fader &amp; Hardie (2013), "The Gamma-Gamma Model of Monetary Value": the likelihood
/// of a customer's mean repeat spend, and the expected spend of their next transaction.
/// </summary>
public static class GammaGamma
{
    /// <summary>E[M | p, q, γ, m̄ₓ, x] = p(γ + x·m̄ₓ)/(px + q − 1); for x = 0 the population mean pγ/(q − 1). Needs q &gt; 1.</summary>
    public static double ExpectedSpend(GammaGammaParameters g, SpendStats s) =>
        g.P * (g.Gamma + (s.X * s.MeanSpend)) / ((g.P * s.X) + g.Q - 1);

    /// <summary>ln f(m̄ₓ | p, q, γ, x) of one customer with x &gt; 0.</summary>
    public static double LogLikelihood(GammaGammaParameters g, SpendStats s)
    {
        var px = g.P * s.X;
        return SpecialFunctions.LogGamma(px + g.Q) - SpecialFunctions.LogGamma(px) - SpecialFunctions.LogGamma(g.Q) + (g.Q * Math.Log(g.Gamma))
            + ((px - 1) * Math.Log(s.MeanSpend)) + (px * Math.Log(s.X)) - ((px + g.Q) * Math.Log(g.Gamma + (s.X * s.MeanSpend)));
    }

    /// <summary>
    /// Fits by maximum likelihood (Nelder–Mead over ln p, ln q, ln γ) on customers with a repeat purchase and a positive
    /// mean spend. The sums that do not depend on the parameters (Σ ln m̄ₓ, Σ x ln m̄ₓ, Σ x ln x) are taken once, so a
    /// step costs one log per customer.
    /// </summary>
    public static ModelFit<GammaGammaParameters> Fit(IReadOnlyList<SpendStats> customers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(customers.Count);

        // Fitted in units of the mean spend, so γ starts near 1 whatever the currency, and the wall on log-parameters
        // means the same in every currency; γ and the log-likelihood are converted back at the end.
        var scale = customers.Average(c => c.MeanSpend);
        var xs = customers.Select(c => c.X).Distinct().ToArray();
        var xIndex = xs.Select((x, i) => (x, i)).ToDictionary(p => p.x, p => p.i);
        var countByX = new double[xs.Length];
        var index = new int[customers.Count];
        var weighted = new double[customers.Count];
        double sumLogM = 0, sumXLogM = 0, sumXLogX = 0;
        for (var c = 0; c < customers.Count; c++)
        {
            var s = customers[c];
            index[c] = xIndex[s.X];
            countByX[index[c]]++;
            weighted[c] = s.X * s.MeanSpend / scale;
            var logM = Math.Log(s.MeanSpend / scale);
            sumLogM += logM;
            sumXLogM += s.X * logM;
            sumXLogX += s.X * Math.Log(s.X);
        }

        double LogLikelihood(double[] theta)
        {
            if (theta.Any(t => Math.Abs(t) > BgNbdFitter.LogBound))
            {
                return double.NegativeInfinity;
            }

            var (p, q, gamma) = (Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]));
            var total = customers.Count * ((q * Math.Log(gamma)) - SpecialFunctions.LogGamma(q));
            for (var i = 0; i < xs.Length; i++)
            {
                total += countByX[i] * (SpecialFunctions.LogGamma((p * xs[i]) + q) - SpecialFunctions.LogGamma(p * xs[i]));
            }

            total += (p * sumXLogM) - sumLogM + (p * sumXLogX);
            return total - FixedSlices.Sum(weighted.Length, (start, end) =>
            {
                var sum = 0.0;
                for (var c = start; c < end; c++)
                {
                    sum += ((p * xs[index[c]]) + q) * Math.Log(gamma + weighted[c]);
                }

                return sum;
            });
        }

        double[] start = [0, Math.Log(2), 0];
        var minimum = NelderMead.Minimize(theta => -LogLikelihood(theta) / customers.Count, start);
        var e = minimum.Point.Select(Math.Exp).ToArray();
        var logLikelihood = (-minimum.Value * customers.Count) - (customers.Count * Math.Log(scale));
        return new ModelFit<GammaGammaParameters>(new GammaGammaParameters(e[0], e[1], e[2] * scale), logLikelihood, customers.Count, minimum.Evaluations, minimum.Converged);
    }
}
