using TagApi.Core.Value;

namespace TagApi.Core.Tests.Value;

/// <summary>Purchase histories drawn from the BG/NBD and Gamma-Gamma processes, with a seeded generator.</summary>
internal sealed class Simulation(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>
    /// One customer: λ ~ Gamma(r, α), p ~ Beta(a, b); purchases follow a Poisson process of rate λ from day 0 (the
    /// first purchase), and after each repeat purchase the customer drops out with probability p. Observed for T days.
    /// </summary>
    public (PurchaseStats Stats, double[] Times) Customer(BgNbdParameters m, double observedDays)
    {
        var lambda = Gamma(m.R) / m.Alpha;
        var x = Gamma(m.A);
        var p = x / (x + Gamma(m.B));
        var times = new List<double>();
        var t = 0.0;
        while (true)
        {
            t += -Math.Log(1 - _random.NextDouble()) / lambda;
            if (t > observedDays)
            {
                break;
            }

            times.Add(t);
            if (_random.NextDouble() < p)
            {
                break;
            }
        }

        return (new PurchaseStats(times.Count, times.Count == 0 ? 0 : times[^1], observedDays), [.. times]);
    }

    /// <summary>x transaction values z ~ Gamma(p, ν) with the customer's ν ~ Gamma(q, γ); their mean.</summary>
    public double MeanSpend(GammaGammaParameters g, int x)
    {
        var nu = Gamma(g.Q) / g.Gamma;
        var sum = 0.0;
        for (var i = 0; i < x; i++)
        {
            sum += Gamma(g.P) / nu;
        }

        return sum / x;
    }

    public double Uniform(double from, double to) => from + (_random.NextDouble() * (to - from));

    // Gamma(shape, 1) by Marsaglia and Tsang; a shape below 1 is boosted by U^(1/shape).
    private double Gamma(double shape)
    {
        if (shape < 1)
        {
            return Gamma(shape + 1) * Math.Pow(_random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Normal();
                v = 1 + (c * z);
            }
            while (v <= 0);

            v = v * v * v;
            var u = _random.NextDouble();
            if (Math.Log(u) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private double Normal() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
