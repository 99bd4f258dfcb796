namespace TagApi.Core.Value;

/// <summary>The few special functions the value models need, for positive real arguments.</summary>
public static class SpecialFunctions
{
    // Lanczos approximation, g = 7, nine terms: about 15 significant digits for positive arguments.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection keeps the approximation in its accurate range.
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (x + i);
        }

        var t = x + 7.5;
        return HalfLogTwoPi + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>
    /// The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z &lt; 1 and positive a, b, c, by its power series
    /// (every term is positive there, so the sum has no cancellation); stops when a term no longer moves the sum.
    /// </summary>
    public static double Hyp2F1(double a, double b, double c, double z)
    {
        if (z is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "The series needs 0 <= z < 1.");
        }

        double term = 1, sum = 1;
        for (var j = 0; j < 1_000_000; j++)
        {
            term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
            sum += term;
            if (term < sum * 1e-15)
            {
                break;
            }
        }

        return sum;
    }
}
