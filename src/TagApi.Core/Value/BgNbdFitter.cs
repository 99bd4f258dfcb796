namespace TagApi.Core.Value;

/// <summary>A fitted model's parameters with the fit's maximised log-likelihood and the customers it used.</summary>
public sealed record ModelFit<TParameters>(TParameters Parameters, double LogLikelihood, int Customers, int Evaluations, bool Converged);

/// <summary>
/// Fits BG/NBD by maximum likelihood: Nelder–Mead over ln r, ln α, ln a, ln b. Customers with the same (x, tₓ, T) are
/// one weighted term, and everything that depends only on x, tₓ or T is computed once per distinct value per step,
/// so a step costs one exp and one log per distinct history (day-granular histories repeat a lot).
/// </summary>
public static class BgNbdFitter
{
    /// <summary>
    /// Log-parameters stay within ±15 (3·10⁶): when nobody seems to drop out, or everyone alike, the likelihood climbs
    /// forever along a ridge (a and b growing together), and a wall there lets the search stop where predictions no
    /// longer change instead of creeping along it until the evaluation limit.
    /// </summary>
    internal const double LogBound = 15;

    public static ModelFit<BgNbdParameters> Fit(IReadOnlyCollection<PurchaseStats> customers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(customers.Count);
        var data = Grouped.Of(customers);
        var meanT = customers.Average(c => c.T);
        var meanX = customers.Average(c => c.X);
        double[] start = [0, Math.Log(Math.Max(1, meanT / Math.Max(meanX, 0.1))), Math.Log(2), Math.Log(2)];
        var minimum = NelderMead.Minimize(theta => -data.LogLikelihood(theta) / customers.Count, start);
        var e = minimum.Point.Select(Math.Exp).ToArray();
        return new ModelFit<BgNbdParameters>(new BgNbdParameters(e[0], e[1], e[2], e[3]), -minimum.Value * customers.Count, customers.Count, minimum.Evaluations, minimum.Converged);
    }

    private sealed class Grouped
    {
        private double[] _xs = [], _txs = [], _ts = [];
        private int[] _x = [], _tx = [], _t = [];
        private double[] _weight = [];
        private double _totalWeight;

        public static Grouped Of(IReadOnlyCollection<PurchaseStats> customers)
        {
            var counts = new Dictionary<PurchaseStats, int>();
            foreach (var c in customers)
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }

            var xs = Distinct(counts.Keys.Select(k => k.X));
            var txs = Distinct(counts.Keys.Select(k => k.Tx));
            var ts = Distinct(counts.Keys.Select(k => k.T));
            return new Grouped
            {
                _xs = [.. xs.Keys], _txs = [.. txs.Keys], _ts = [.. ts.Keys],
                _x = [.. counts.Keys.Select(k => xs[k.X])], _tx = [.. counts.Keys.Select(k => txs[k.Tx])], _t = [.. counts.Keys.Select(k => ts[k.T])],
                _weight = [.. counts.Values.Select(v => (double)v)],
                _totalWeight = customers.Count,
            };
        }

        private static Dictionary<double, int> Distinct(IEnumerable<double> values)
        {
            var map = new Dictionary<double, int>();
            foreach (var v in values)
            {
                map.TryAdd(v, map.Count);
            }

            return map;
        }

        public double LogLikelihood(double[] theta)
        {
            if (theta.Any(t => Math.Abs(t) > LogBound))
            {
                return double.NegativeInfinity;
            }

            var (r, alpha, a, b) = (Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), Math.Exp(theta[3]));
            var common = (r * Math.Log(alpha)) - SpecialFunctions.LogGamma(r) + SpecialFunctions.LogGamma(a + b) - SpecialFunctions.LogGamma(b);
            var byX = new double[_xs.Length];
            var deadByX = new double[_xs.Length];
            for (var i = 0; i < _xs.Length; i++)
            {
                var x = _xs[i];
                byX[i] = SpecialFunctions.LogGamma(r + x) + SpecialFunctions.LogGamma(b + x) - SpecialFunctions.LogGamma(a + b + x);
                deadByX[i] = x > 0 ? Math.Log(a) - Math.Log(b + x - 1) : double.NaN;
            }

            var logT = Array.ConvertAll(_ts, t => Math.Log(alpha + t));
            var logTx = Array.ConvertAll(_txs, t => Math.Log(alpha + t));
            var total = FixedSlices.Sum(_weight.Length, (start, end) =>
            {
                var sum = 0.0;
                for (var g = start; g < end; g++)
                {
                    var xi = _x[g];
                    var rx = r + _xs[xi];
                    var alive = -rx * logT[_t[g]];
                    var term = _xs[xi] > 0 ? BgNbd.LogSumExp(alive, deadByX[xi] - (rx * logTx[_tx[g]])) : alive;
                    sum += _weight[g] * (byX[xi] + term);
                }

                return sum;
            });
            return total + (common * _totalWeight);
        }
    }
}
