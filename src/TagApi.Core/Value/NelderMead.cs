namespace TagApi.Core.Value;

/// <summary>The minimum a <see cref="NelderMead"/> search found.</summary>
/// <param name="Point">Where.</param>
/// <param name="Value">The function's value there.</param>
/// <param name="Evaluations">How many times the function was evaluated.</param>
/// <param name="Converged">False when the search stopped at its evaluation limit.</param>
public sealed record Minimum(double[] Point, double Value, int Evaluations, bool Converged);

/// <summary>
/// The Nelder–Mead simplex search (standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½), restarted
/// from its own answer until a restart no longer improves it, which guards against the simplex collapsing early.
/// The value models minimise their negative log-likelihood with it over log-parameters, so every parameter stays positive.
/// </summary>
public static class NelderMead
{
    public static Minimum Minimize(Func<double[], double> f, double[] start, double step = 0.5, double tolerance = 1e-9, int maxEvaluations = 20_000)
    {
        var evaluations = 0;
        double Eval(double[] p)
        {
            evaluations++;
            var v = f(p);
            return double.IsNaN(v) ? double.PositiveInfinity : v;
        }

        var best = start;
        var bestValue = Eval(start);
        var converged = false;
        for (var restart = 0; restart < 5 && evaluations < maxEvaluations; restart++)
        {
            var (point, value, done) = Search(Eval, best, step, tolerance, maxEvaluations, () => evaluations);
            var improved = value < bestValue - (tolerance * (Math.Abs(bestValue) + tolerance));
            if (value <= bestValue)
            {
                best = point;
                bestValue = value;
            }

            converged = done;
            if (!improved && restart > 0)
            {
                break;
            }

            step = Math.Max(step / 2, 0.05);
        }

        return new Minimum(best, bestValue, evaluations, converged);
    }

    private static (double[] Point, double Value, bool Converged) Search(
        Func<double[], double> f, double[] start, double step, double tolerance, int maxEvaluations, Func<int> evaluations)
    {
        var n = start.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            simplex[i] = (double[])start.Clone();
            if (i > 0)
            {
                simplex[i][i - 1] += step;
            }

            values[i] = f(simplex[i]);
        }

        while (evaluations() < maxEvaluations)
        {
            Order(simplex, values);
            // Converged when the simplex's values agree, even if its points do not: a likelihood that runs along a flat
            // ridge (a and b of BG/NBD growing together when nobody seems to drop out) predicts the same wherever on the
            // ridge the search stops, and would otherwise creep along it until the evaluation limit.
            if (Math.Abs(values[n] - values[0]) <= tolerance * (Math.Abs(values[0]) + tolerance))
            {
                return (simplex[0], values[0], true);
            }

            var centroid = new double[n];
            for (var i = 0; i < n; i++)
            {
                for (var d = 0; d < n; d++)
                {
                    centroid[d] += simplex[i][d] / n;
                }
            }

            var reflected = Along(centroid, simplex[n], -1);
            var fr = f(reflected);
            if (fr < values[0])
            {
                var expanded = Along(centroid, simplex[n], -2);
                var fe = f(expanded);
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[n - 1])
            {
                (simplex[n], values[n]) = (reflected, fr);
            }
            else
            {
                var contracted = fr < values[n] ? Along(centroid, reflected, 0.5) : Along(centroid, simplex[n], 0.5);
                var fc = f(contracted);
                if (fc < Math.Min(fr, values[n]))
                {
                    (simplex[n], values[n]) = (contracted, fc);
                }
                else
                {
                    for (var i = 1; i <= n; i++)
                    {
                        simplex[i] = Along(simplex[0], simplex[i], 0.5);
                        values[i] = f(simplex[i]);
                    }
                }
            }
        }

        Order(simplex, values);
        return (simplex[0], values[0], false);
    }

    // centroid + t · (point − centroid)
    private static double[] Along(double[] centroid, double[] point, double t)
    {
        var result = new double[centroid.Length];
        for (var d = 0; d < result.Length; d++)
        {
            result[d] = centroid[d] + (t * (point[d] - centroid[d]));
        }

        return result;
    }

    private static void Order(double[][] simplex, double[] values) => Array.Sort(values, simplex);
}
