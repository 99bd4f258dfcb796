using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Value;

/// <summary>
/// Customer value over HTTP: RFM scores against a brute-force ranking of the purchases the test sent, the named
/// segments and the model's fields in segment queries, rules and explain, REST and GraphQL agreeing, and a thin
/// tenant getting nulls with reasons.
/// </summary>
public abstract class CustomerValueTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task At_risk_champions_and_valuable_customers_slipping_away_are_one_query_each()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("winback");
        var start = Factory.Clock.GetUtcNow().UtcDateTime;
        var random = new Random(2026);
        var histories = new Dictionary<string, List<(int DaysAgo, decimal Amount)>>();
        var activities = new List<object>();
        for (var i = 0; i < 140; i++)
        {
            var id = (await api.UpsertCustomerAsync($"v{i}")).Str("id");
            if (i % 3 == 0)
            {
                await api.ChangeTagsAsync(id, add: ["vip"]);
            }

            // Whole days back from the start, an hour earlier still, so recency is exact for the length of the test; each
            // customer spends around a level of their own (1 / Gamma(3), as the spend model assumes), and some stopped buying long ago.
            var level = 1_200 / -Math.Log(random.NextDouble() * random.NextDouble() * random.NextDouble());
            var from = random.Next(3) == 0 ? 300 : 0;
            var purchases = Enumerable.Range(0, i % 10 == 9 ? 0 : random.Next(1, 8))
                .Select(_ => (DaysAgo: random.Next(from, 700), Amount: Math.Round((decimal)(level * (0.7 + (0.6 * random.NextDouble()))), 2)))
                .ToList();
            histories[id] = purchases;
            activities.AddRange(purchases.Select(p => new
            {
                customer = id, type = "purchase", amount = p.Amount,
                occurredAt = start.AddDays(-p.DaysAgo).AddHours(-1).ToString("O", CultureInfo.InvariantCulture),
            }));
        }

        foreach (var batch in activities.Chunk(500))
        {
            await api.PostAsync("/v1/activities/batch", new { activities = batch });
        }

        var purchasers = histories.Count(h => h.Value.Count > 0);
        var analytics = await Eventually.WaitForAsync(() => api.GetAsync("/v1/analytics/value"), a => a["purchasers"]!.GetValue<int>() == purchasers);
        Assert.True(analytics["model"]!["purchaseModel"] is not null, analytics["model"]!.ToJsonString());
        Assert.Equal(purchasers, analytics["segments"]!.AsArray().Sum(s => s!["customers"]!.GetValue<int>()));
        Assert.Equal(purchasers, analytics["rfmGrid"]!.AsArray().Sum(row => row!["customers"]!.AsArray().Sum(c => c!.GetValue<int>())));
        Assert.Equal(purchasers, analytics["pAlive"]!["customers"]!.GetValue<int>());

        // Every customer's scores equal the brute-force quintiles of what the test sent.
        var reference = Reference(histories);
        var values = new Dictionary<string, JsonNode>();
        foreach (var id in histories.Keys)
        {
            var customer = await api.GetAsync($"/v1/customers/{id}?include=value");
            var value = customer["value"]!;
            values[id] = value;
            if (reference[id] is not { } expected)
            {
                Assert.Null(value["rfm"]);
                Assert.Equal("no_purchases", value["reasons"]!.Str("pAlive"));
                continue;
            }

            Assert.Equal(expected.Recency, value["recencyDays"]!.GetValue<int>());
            Assert.Equal(expected.Frequency, value["frequency"]!.GetValue<int>());
            Assert.Equal(expected.Monetary, value["monetary"]!.GetValue<decimal>());
            Assert.Equal((expected.R, expected.F, expected.M), (value["rfm"]!["r"]!.GetValue<int>(), value["rfm"]!["f"]!.GetValue<int>(), value["rfm"]!["m"]!.GetValue<int>()));
            Assert.InRange(value["pAlive"]!.GetValue<double>(), 0, 1);
            // Spend that the Gamma-Gamma model does not describe may leave the spend fit without an optimum: null, and why.
            Assert.True(
                value["predictedClv365d"]?.GetValue<double>() >= 0 || value["reasons"]?["predictedClv365d"]?.GetValue<string>() is "fit_not_converged" or "spend_model_degenerate",
                value.ToJsonString());
        }

        // The queries select exactly the customers whose values say so.
        var vips = histories.Keys.Where((_, i) => i % 3 == 0).ToHashSet();
        string[] atRiskVips = [.. values.Where(v => v.Value["rfm"]?["segment"]?.GetValue<string>() == "at_risk" && vips.Contains(v.Key)).Select(v => v.Key).Order()];
        Assert.Equal(atRiskVips, await MembersAsync(api, "rfm.segment = 'at_risk' AND tag = 'vip'"));
        string[] champions = [.. values.Where(v => v.Value["rfm"]?["segment"]?.GetValue<string>() == "champions").Select(v => v.Key).Order()];
        Assert.Equal(champions, await MembersAsync(api, "rfm.segment = 'champions'"));
        string[] slipping = [.. values.Where(v => v.Value["pAlive"] is { } p && p.GetValue<double>() < 0.3 && v.Value["monetary"]!.GetValue<decimal>() > 1000).Select(v => v.Key).Order()];
        Assert.Equal(slipping, await MembersAsync(api, "pAlive < 0.3 AND monetary > 1000"));
        Assert.Equal(histories.Count - purchasers, (await MembersAsync(api, "pAlive IS NULL")).Length);

        // A rule on the named segment tags them (its first run is scheduled at once), and explain shows the value with its inputs and the model.
        await api.PostAsync("/v1/rules", new { key = "winback", name = "Win back", tag = "winback", condition = "rfm.segment = 'at_risk' AND tag = 'vip'" }, HttpStatusCode.Created);
        Assert.Equal(atRiskVips, await Eventually.WaitForAsync(() => MembersAsync(api, "tag = 'winback'"), m => m.SequenceEqual(atRiskVips)));
        var someone = vips.First(v => reference[v] is not null);
        var why = await api.GetAsync($"/v1/customers/{someone}/explain?tag=winback");
        var leaf = why["bands"]![0]!["condition"]!["children"]![0]!;
        Assert.Equal("rfm.segment = 'at_risk'", leaf.Str("text"));
        Assert.Equal(values[someone]["rfm"]!.Str("segment"), leaf["actual"]!.Str("value"));
        Assert.Equal(reference[someone]!.Value.Recency, leaf["actual"]!["customer"]!["recencyDays"]!.GetValue<int>());
        Assert.NotNull(leaf["actual"]!["customer"]!["inputs"]!["lastPurchaseAt"]);
        Assert.NotNull(leaf["actual"]!["model"]!["purchaseModel"]!["alpha"]);

        // GraphQL answers as REST does.
        var gql = await api.GraphQLAsync($$"""{ customer(id: "{{someone}}") { value { recencyDays rfm { segment } pAlive } } valueAnalytics { purchasers model { purchaseModel { r } } } }""");
        Assert.Equal(values[someone]["rfm"]!.Str("segment"), gql["customer"]!["value"]!["rfm"]!.Str("segment"));
        Assert.Equal(values[someone]["pAlive"]!.GetValue<double>(), gql["customer"]!["value"]!["pAlive"]!.GetValue<double>(), 9);
        Assert.Equal(purchasers, gql["valueAnalytics"]!["purchasers"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_thin_tenant_gets_null_values_with_their_reasons()
    {
        var api = await Factory.CreateTenantAsync();
        var buyer = (await api.UpsertCustomerAsync("buyer")).Str("id");
        var browser = (await api.UpsertCustomerAsync("browser")).Str("id");
        await api.PostAsync("/v1/activities/batch", new { activities = new object[] { new { customer = buyer, type = "purchase", amount = 20m }, new { customer = browser, type = "visit" } } });

        var value = (await Eventually.WaitForAsync(() => api.GetAsync($"/v1/customers/{buyer}?include=value"), c => c["value"]!["recencyDays"] is not null))["value"]!;
        Assert.Equal(1, value["frequency"]!.GetValue<int>());
        Assert.Null(value["rfm"]);
        Assert.Null(value["pAlive"]);
        Assert.Equal("too_few_customers", value["reasons"]!.Str("rfm"));
        Assert.Equal("too_few_customers", value["reasons"]!.Str("pAlive"));
        Assert.Equal("too_few_customers", value["reasons"]!.Str("predictedClv365d"));
        Assert.Equal("no_purchases", (await api.GetAsync($"/v1/customers/{browser}?include=value"))["value"]!["reasons"]!.Str("pAlive"));

        var analytics = await api.GetAsync("/v1/analytics/value");
        Assert.Null(analytics["model"]!["purchaseModel"]);
        Assert.Equal("too_few_customers", analytics["model"]!.Str("modelReason"));
        Assert.Null(analytics["pAlive"]);
        Assert.Empty(await MembersAsync(api, "pAlive < 0.3"));
        Assert.Equal(2, (await MembersAsync(api, "pAlive IS NULL")).Length);

        var bad = await api.PostAsync("/v1/segments/query", new { query = "rfm.segment = 'big_spenders'" }, HttpStatusCode.BadRequest);
        Assert.Contains("not an RFM segment", bad.ToJsonString(), StringComparison.Ordinal);
        var analyst = await api.WithClientAsync("customers:read");
        await analyst.GetAsync("/v1/analytics/value", HttpStatusCode.Forbidden);
    }

    private static async Task<string[]> MembersAsync(TenantSession api, string query)
    {
        var page = await api.PostAsync("/v1/segments/query", new { query, limit = 200 });
        Assert.Null(page["nextCursor"]);
        return [.. page["data"]!.AsArray().Select(c => c!.Str("id")).Order()];
    }

    // Recency, frequency and spend in 365 days, and quintile scores 1 + floor(5 · (strictly worse) / purchasers).
    private static Dictionary<string, (int Recency, int Frequency, decimal Monetary, int R, int F, int M)?> Reference(Dictionary<string, List<(int DaysAgo, decimal Amount)>> histories)
    {
        var measures = histories.Where(h => h.Value.Count > 0).ToDictionary(
            h => h.Key, h => (Recency: h.Value.Min(p => p.DaysAgo), Frequency: h.Value.Count(p => p.DaysAgo < 365), Monetary: h.Value.Where(p => p.DaysAgo < 365).Sum(p => p.Amount)));
        var n = measures.Count;
        int Score(int worse) => 1 + (int)Math.Floor(5.0 * worse / n);
        return histories.Keys.ToDictionary(id => id, id => measures.TryGetValue(id, out var m)
            ? ((int, int, decimal, int, int, int)?)(m.Recency, m.Frequency, m.Monetary, Score(measures.Values.Count(o => o.Recency > m.Recency)),
                Score(measures.Values.Count(o => o.Frequency < m.Frequency)), Score(measures.Values.Count(o => o.Monetary < m.Monetary)))
            : null);
    }
}

public sealed class CustomerValueOnSqlite(SqliteTagApiFactory factory) : CustomerValueTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class CustomerValueOnPostgres(PostgresTagApiFactory factory) : CustomerValueTests(factory), IClassFixture<PostgresTagApiFactory>;
