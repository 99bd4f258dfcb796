using ShopSync;
using TagApi.Client.Tests.Infrastructure;

namespace TagApi.Client.Tests.Examples;

/// <summary>examples/shop-sync/dotnet against a live server: CSV sync, a rule, verified webhooks, a segment export.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class ShopSyncExampleTests(LiveServer server)
{
    private static readonly string Data = Repository.Path("examples", "shop-sync", "dotnet", "data");

    [Fact]
    public async Task The_example_tags_big_spenders_by_rule_hears_it_by_webhook_and_exports_them()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync());
        using var log = new StringWriter();

        var report = await new ShopSyncApp(api, log).RunAsync(Data, TimeSpan.FromSeconds(30));

        Assert.Equal((5, 7, 0), (report.Customers, report.OrdersRecorded, report.OrdersAlreadyKnown));
        Assert.Equal(3, report.Matching);
        Assert.Equal(["shop-1001", "shop-1003", "shop-1005"], report.TaggedByRule);
        Assert.Equal("id,externalId", report.ExportLines[0]);
        Assert.Equal(["shop-1001", "shop-1003", "shop-1005"], report.ExportLines.Skip(1).Select(l => l.Split(',')[1]).Order(StringComparer.Ordinal));
        Assert.Equal(0, report.RejectedWebhooks);
        Assert.True(report.Complete, log.ToString());
    }

    [Fact]
    public async Task The_example_program_runs_twice_from_the_environment_without_duplicating_orders()
    {
        var options = await server.CreateTenantAsync();

        using (await EnvironmentVariables.ForClientAsync(options))
        {
            Assert.Equal(0, await ShopSync.Program.Main([Data]));
            Assert.Equal(0, await ShopSync.Program.Main([Data]));
        }

        var api = TagApiClient.Create(options);
        var spend = await api.QuerySegmentAsync(new SegmentQueryRequest { Query = "orderCount = 2", Limit = 10 });
        Assert.Equal(["shop-1001", "shop-1004"], spend.Data.Select(c => c.ExternalId).Order(StringComparer.Ordinal));
    }
}
