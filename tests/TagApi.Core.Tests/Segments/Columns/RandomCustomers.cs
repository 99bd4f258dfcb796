using System.Globalization;
using System.Text.Json.Nodes;
using TagApi.Core.Customers;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Tests.Segments.Columns;

/// <summary>
/// Random customer rows that reach every corner of the field columns: nulls, values a fixed-point
/// key cannot hold, case variants, attributes of every JSON kind (and none), nested objects.
/// </summary>
internal sealed class RandomCustomers(Random random, DateTime now)
{
    public static readonly string[] Cities = ["Shanghai", "shanghai", "Beijing", "Hangzhou", "Shenzhen"];
    public static readonly string[] Tiers = ["gold", "Gold", "silver", "bronze"];
    public static readonly decimal[] Amounts = [0m, 1000m, 1000.5m, 999.99m, 0.12345m, -5m, 30m, 1e20m, 12.3456m];

    public CustomerRow Next(long id) => new(
        id,
        random.Next(3) == 0 ? CustomerType.Company : CustomerType.Individual,
        Maybe(() => random.Next(2) == 0 ? "female" : "male"),
        Maybe(() => new DateOnly(1950, 1, 1).AddDays(random.Next(0, 25_000))),
        Maybe(() => random.Next(2) == 0 ? "CN" : "US"),
        Maybe(() => "East"),
        Maybe(() => Cities[random.Next(Cities.Length)]),
        Maybe(() => "retail"),
        random.Next(3) == 0 ? null : (CustomerSource)random.Next(2),
        Maybe(() => "zh-CN"),
        Moment(),
        random.Next(4) == 0 ? Amounts[random.Next(Amounts.Length)] : random.Next(0, 500_000) / 100m,
        random.Next(0, 20),
        random.Next(4) == 0 ? null : Moment(),
        random.Next(4) == 0 ? null : Moment(),
        random.Next(4) == 0 ? null : Moment(),
        CustomerRow.ParseAttributes(Attributes().ToJsonString()));

    /// <summary>Whole days, whole hours, and arbitrary ticks, so day and instant boundaries both get hit.</summary>
    public DateTime Moment() => random.Next(3) switch
    {
        0 => now.Date.AddDays(-random.Next(0, 60)),
        1 => now.AddHours(-random.Next(0, 24 * 60)),
        _ => now.AddTicks(-random.NextInt64(0, TimeSpan.TicksPerDay * 60)),
    };

    private T? Maybe<T>(Func<T> value) => random.Next(5) == 0 ? default : value();

    private JsonObject Attributes()
    {
        var attributes = new JsonObject();
        if (random.Next(5) != 0)
        {
            attributes["vipLevel"] = random.Next(9) switch
            {
                0 => "high",
                1 => true,
                2 => null,
                3 => new JsonObject { ["x"] = 1 },
                4 => JsonNode.Parse("1e30"),
                5 => JsonNode.Parse(Amounts[random.Next(Amounts.Length)].ToString(CultureInfo.InvariantCulture)),
                _ => random.Next(0, 6),
            };
        }

        if (random.Next(3) != 0)
        {
            attributes["tier"] = Tiers[random.Next(Tiers.Length)];
        }

        if (random.Next(2) == 0)
        {
            attributes["flag"] = random.Next(2) == 0;
        }

        if (random.Next(4) == 0)
        {
            attributes["nested"] = new JsonObject { ["x"] = random.Next(0, 3) };
        }

        if (random.Next(10) == 0)
        {
            attributes["a.b"] = 1;
        }

        return attributes;
    }
}
