using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;
using TagApi.Core.Value;

namespace TagApi.Core.Tests.Value;

/// <summary>
/// RFM measures, quintile scores and named segments, checked against a brute-force computation on random tenants:
/// score = 1 + floor(5 · (customers with a strictly worse value) / purchasers), so ties share the lower score.
/// </summary>
public sealed class RfmScoringTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 15, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 333)]
    [InlineData(3, 1_000)]
    public void Scores_and_segments_match_a_brute_force_ranking_on_a_random_tenant(int seed, int customers)
    {
        var random = new Random(seed);
        var histories = Enumerable.Range(0, customers).Select(_ => RandomPurchases(random)).ToList();
        var index = ValueTenants.Index(new ActivityVocabulary(), histories);
        var snapshot = index.Current;
        var model = index.Value.Get(snapshot, Now);

        var measures = histories.Select(Measures).ToList();
        var purchasers = measures.Where(m => m is not null).Select(m => m!.Value).ToList();
        Assert.Equal(purchasers.Count, model.Purchasers);
        for (var i = 0; i < histories.Count; i++)
        {
            var value = CustomerValueCalculator.Compute(snapshot.Rows[i]!.Activities, model, Now);
            if (measures[i] is not { } m)
            {
                Assert.Null(value.Rfm);
                Assert.Equal(ValueReasons.NoPurchases, value.Reasons["rfm"]);
                continue;
            }

            Assert.Equal(m.Recency, value.RecencyDays);
            Assert.Equal(m.Frequency, value.Frequency);
            Assert.Equal(m.Monetary, value.Monetary);
            var r = Score(purchasers.Count(o => o.Recency > m.Recency), purchasers.Count);
            var f = Score(purchasers.Count(o => o.Frequency < m.Frequency), purchasers.Count);
            var s = Score(purchasers.Count(o => o.Monetary < m.Monetary), purchasers.Count);
            Assert.Equal(new RfmScore(r, f, s, ReferenceSegment(r, f, s)), value.Rfm);
        }

        // The query fields select exactly the customers the brute force puts there.
        foreach (var name in RfmSegments.Names)
        {
            var expected = Enumerable.Range(0, histories.Count)
                .Where(i => CustomerValueCalculator.Compute(snapshot.Rows[i]!.Activities, model, Now).Rfm?.Segment == name)
                .Select(i => (long)i + 1).ToArray();
            Assert.Equal(expected, Members(snapshot, $"rfm.segment = '{name}'"));
        }

        var champions = Members(snapshot, "rfm.r = 5 AND rfm.f >= 4 AND recencyDays <= 30");
        Assert.All(champions, id => Assert.True(measures[(int)id - 1]!.Value.Recency <= 30));
    }

    [Fact]
    public void Equal_values_share_the_lower_score_and_a_quintile_may_hold_more_than_a_fifth()
    {
        // Frequencies 1,1,1,1,1,1,2,3,4,5: six customers tie at the bottom, so 2 scores 1 + floor(5·6/10) = 4.
        var edges = RfmEdges.Of([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]);
        Assert.Equal([1, 1, 1, 1, 1, 1, 4, 4, 5, 5], new long[] { 1, 1, 1, 1, 1, 1, 2, 3, 4, 5 }.Select(edges.Score));
        Assert.Equal(3, RfmEdges.Of([10, 20, 30, 40, 50]).Score(30));
        Assert.Equal(1, RfmEdges.Of([7]).Score(7));
    }

    [Fact]
    public void Every_cell_of_the_grid_has_one_named_segment_and_every_name_has_a_cell()
    {
        var named = new HashSet<string>();
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                for (var m = 1; m <= 5; m++)
                {
                    named.Add(RfmSegments.Of(r, f, m));
                    Assert.Equal(ReferenceSegment(r, f, m), RfmSegments.Of(r, f, m));
                }
            }
        }

        Assert.Equal(RfmSegments.Names.Order(), named.Order());
        Assert.Equal("champions", RfmSegments.Of(5, 5, 5));
        Assert.Equal("lost", RfmSegments.Of(1, 1, 1));
        Assert.Equal("cannot_lose", RfmSegments.Of(1, 5, 5));
        Assert.Equal("new", RfmSegments.Of(5, 1, 1));
    }

    // The grid of docs/customer-value.md, written out cell by cell (rows R 5..1, columns FM 1..5).
    private static string ReferenceSegment(int r, int f, int m)
    {
        string[][] grid =
        [
            ["new", "potential_loyalist", "potential_loyalist", "champions", "champions"],
            ["promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal"],
            ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
            ["hibernating", "hibernating", "at_risk", "at_risk", "cannot_lose"],
            ["lost", "lost", "at_risk", "at_risk", "cannot_lose"],
        ];
        var fm = (int)Math.Round((f + m) / 2.0, MidpointRounding.AwayFromZero);
        return grid[5 - r][fm - 1];
    }

    private static int Score(int worse, int n) => 1 + (int)Math.Floor(5.0 * worse / n);

    private static long[] Members(IndexSnapshot snapshot, string query)
    {
        var expression = new QueryCompiler(snapshot, _ => null, Now).Compile(SegmentQueryParser.Parse(query));
        return [.. snapshot.Evaluator.Enumerate(expression).Select(snapshot.CustomerIdAt)];
    }

    private static (int Recency, int Frequency, decimal Monetary)? Measures(IReadOnlyList<(DateTime At, decimal Amount)> purchases)
    {
        if (purchases.Count == 0)
        {
            return null;
        }

        var inWindow = purchases.Where(p => p.At > Now.AddDays(-365)).ToList();
        var recency = (int)Math.Max(0, (Now - purchases.Max(p => p.At)).Ticks / TimeSpan.TicksPerDay);
        return (recency, inWindow.Count, inWindow.Sum(p => p.Amount));
    }

    // Many ties on purpose: whole-day times, a few amounts, customers without purchases.
    private static List<(DateTime At, decimal Amount)> RandomPurchases(Random random)
    {
        var count = random.Next(6) == 0 ? 0 : random.Next(1, 9);
        return [.. Enumerable.Range(0, count).Select(_ => (
            Now.Date.AddDays(-random.Next(0, 800)).AddHours(random.Next(3) == 0 ? 0 : random.Next(24)),
            random.Next(4) == 0 ? 100m : Math.Round((decimal)(random.NextDouble() * 500), 2)))];
    }
}
