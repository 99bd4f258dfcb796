using System.Globalization;
using TagApi.Core.Customers;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Tests.Segments.Engine;

/// <summary>
/// A tenant shaped like the benchmark's: about ten tags per customer out of a hundred (a few dense, a long tail), a
/// weighted city list, two attributes and a few activities each. Every string is a fresh instance, as a database
/// reader hands them out, so what the index keeps is what it would keep after a real load.
/// </summary>
internal static class IndexMemoryTenant
{
    private static readonly string[] Cities = ["Shanghai", "Beijing", "Guangzhou", "Shenzhen", "Chengdu", "Hangzhou", "Wuhan", "Xi'an", "Suzhou", "Nanjing"];
    private static readonly string[] Regions = ["East", "North", "South", "West", "Central"];
    private static readonly string[] Industries = ["retail", "finance", "education", "health", "travel", "media"];
    private static readonly string[] Channels = ["email", "sms", "wechat", "app", "phone"];
    private static readonly double[] TagShares = BuildTagShares();

    public static TagCatalog Catalog() =>
        new([.. Enumerable.Range(1, TagShares.Length).Select(i => new IndexedTag(i, "tag_" + i.ToString(CultureInfo.InvariantCulture), 1, null))],
            new Dictionary<string, long>(), new Dictionary<string, long> { ["general"] = 1 });

    public static TenantIndex Build(int customers, int activitiesEach, int seed)
    {
        var vocabulary = new ActivityVocabulary();
        return new TenantIndex(Catalog(), vocabulary, Customers(customers, activitiesEach, seed, vocabulary));
    }

    public static List<IndexedCustomer> Input(int customers, int activitiesEach, int seed) => [.. Customers(customers, activitiesEach, seed, new ActivityVocabulary())];

    private static IEnumerable<IndexedCustomer> Customers(int customers, int activitiesEach, int seed, ActivityVocabulary vocabulary)
    {
        var random = new Random(seed);
        var types = new[] { vocabulary.InternType("purchase"), vocabulary.InternType("view"), vocabulary.InternType("login") };
        var anchor = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        long activityId = 0;
        return Enumerable.Range(1, customers).Select(i =>
        {
            var tags = new List<long>(16);
            for (var t = 0; t < TagShares.Length; t++)
            {
                if (random.NextDouble() < TagShares[t])
                {
                    tags.Add(t + 1);
                }
            }

            var timeline = ActivityTimeline.From(Enumerable.Range(0, activitiesEach).Select(_ => new ActivityPoint(
                anchor.AddMinutes(-random.Next(0, 500_000)).Ticks, ++activityId, random.Next(0, 50_000), types[random.Next(types.Length)], 0)));
            return new IndexedCustomer(Row(i, random, anchor), tags, timeline);
        });
    }

    private static CustomerRow Row(long id, Random random, DateTime anchor)
    {
        var created = anchor.AddMinutes(-random.Next(0, 1_000_000));
        var orders = random.Next(0, 12);
        return new CustomerRow(
            id, random.Next(10) == 0 ? CustomerType.Company : CustomerType.Individual, Fresh(random.Next(2) == 0 ? "female" : "male"),
            new DateOnly(1950, 1, 1).AddDays(random.Next(0, 20_000)), Fresh("CN"), Fresh(Regions[random.Next(Regions.Length)]),
            Fresh(Cities[random.Next(Cities.Length)]), Fresh(Industries[random.Next(Industries.Length)]), (CustomerSource)random.Next(2), Fresh("zh-CN"),
            created, random.Next(0, 1_000_000) / 100m, orders, orders == 0 ? null : created.AddDays(1), orders == 0 ? null : created.AddDays(30),
            created.AddDays(40),
            CustomerRow.ParseAttributes($"{{\"vipLevel\":{random.Next(0, 6)},\"preferredChannel\":\"{Channels[random.Next(Channels.Length)]}\"}}"))
        {
            Version = 1,
        };
    }

    // A copy, never the literal: the index must not rely on strings being shared already.
    private static string Fresh(string value) => new(value.AsSpan());

    // 50, 30, 20 and 10 %, a middle band that brings the mean to about ten, and a tail down to 0.01 %.
    private static double[] BuildTagShares()
    {
        var shares = new List<double> { 0.5, 0.3, 0.2, 0.1 };
        shares.AddRange(Enumerable.Repeat(0.08, 80));
        for (var i = 0; i < 16; i++)
        {
            shares.Add(0.01 / (i + 1));
        }

        return [.. shares];
    }
}
