using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Rules;

/// <summary>
/// W1V's purchase histories, drawn from the models customer value fits (so the fit has something to find): each
/// purchasing customer buys at a rate λ ~ Gamma(r, α) from a first purchase up to two years ago, and after each repeat
/// purchase stops for good with probability p ~ Beta(a, b); order values follow Gamma-Gamma (ν ~ Gamma(q, γ), each
/// order ~ Gamma(p, ν)). Written with binary COPY into TagApi's activity table in place of the W5 stream (W5 writes
/// its own back when it runs). Deterministic: fixed seed.
/// </summary>
public static class PurchaseStream
{
    private const string Prefix = "w1v";
    private const double PurchasingShare = 0.7;
    private const double MaxObservedDays = 730;
    private static readonly (double R, double Alpha, double A, double B) Rate = (0.8, 30, 0.9, 2.5);
    private static readonly (double P, double Q, double Gamma) Spend = (6, 4, 15);

    /// <summary>Writes the stream unless it is already there; returns the timed step.</summary>
    public static LoadStep Ensure(NpgsqlDataSource source, Dataset data, ulong seed, DateTime now)
    {
        using var connection = source.OpenConnection();
        using (var probe = new NpgsqlCommand($"SELECT count(*) FILTER (WHERE \"ExternalId\" LIKE '{Prefix}-%'), count(*) FROM \"Activities\" WHERE \"TenantId\" = {data.TenantId}", connection))
        using (var reader = probe.ExecuteReader())
        {
            reader.Read();
            if (reader.GetInt64(0) > 0 && reader.GetInt64(0) == reader.GetInt64(1))
            {
                return new LoadStep("W1V purchases (reused)", reader.GetInt64(0), 0);
            }
        }

        ActivityStream.Execute(connection, $"DELETE FROM \"Activities\" WHERE \"TenantId\" = {data.TenantId}");
        var ids = ActivityStream.CustomerIds(connection, data.TenantId);
        var clock = Stopwatch.StartNew();
        var rng = new Rng(seed, 77);
        long n = 0;
        using (var import = connection.BeginBinaryImport(
            "COPY \"Activities\" (\"TenantId\", \"CustomerId\", \"ExternalId\", \"Type\", \"Channel\", \"OccurredAt\", \"Amount\", \"Properties\", \"RecordedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var id in ids)
            {
                if (rng.NextDouble() >= PurchasingShare)
                {
                    continue;
                }

                foreach (var (day, amount) in History(ref rng))
                {
                    import.StartRow();
                    import.Write(data.TenantId, NpgsqlDbType.Bigint);
                    import.Write(id, NpgsqlDbType.Bigint);
                    import.Write($"{Prefix}-{n++}", NpgsqlDbType.Text);
                    import.Write("purchase", NpgsqlDbType.Text);
                    import.Write("web", NpgsqlDbType.Text);
                    import.Write(now.AddDays(-day), NpgsqlDbType.TimestampTz);
                    import.Write(amount, NpgsqlDbType.Numeric);
                    import.Write("{}", NpgsqlDbType.Text);
                    import.Write(now, NpgsqlDbType.TimestampTz);
                }
            }

            import.Complete();
        }

        ActivityStream.Execute(connection, "ANALYZE \"Activities\"");
        Log.Info($"W1V: {n:N0} purchases in {clock.Elapsed.TotalSeconds:N1} s");
        return new LoadStep("W1V purchases (binary COPY, with indexes)", n, clock.Elapsed.TotalSeconds);
    }

    // Purchases as (days before now, amount), the first at the start of the customer's observed span.
    private static List<(double Day, decimal Amount)> History(ref Rng rng)
    {
        var observed = 30 + (rng.NextDouble() * (MaxObservedDays - 30));
        var lambda = Gamma(ref rng, Rate.R) / Rate.Alpha;
        var p = Beta(ref rng, Rate.A, Rate.B);
        var nu = Gamma(ref rng, Spend.Q) / Spend.Gamma;
        var purchases = new List<(double, decimal)> { (observed, Amount(ref rng, nu)) };
        var t = 0.0;
        while (true)
        {
            t += -Math.Log(1 - rng.NextDouble()) / lambda;
            if (t >= observed)
            {
                return purchases;
            }

            purchases.Add((observed - t, Amount(ref rng, nu)));
            if (rng.NextDouble() < p)
            {
                return purchases;
            }
        }
    }

    private static decimal Amount(ref Rng rng, double nu) => Math.Round((decimal)Math.Min(Gamma(ref rng, Spend.P) / nu, 1_000_000), 2);

    private static double Beta(ref Rng rng, double a, double b)
    {
        var x = Gamma(ref rng, a);
        return x / (x + Gamma(ref rng, b));
    }

    // Marsaglia and Tsang's method; shape below 1 by the boost u^(1/shape).
    private static double Gamma(ref Rng rng, double shape)
    {
        if (shape < 1)
        {
            return Gamma(ref rng, shape + 1) * Math.Pow(rng.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(ref rng);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = rng.NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    private static double Normal(ref Rng rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
