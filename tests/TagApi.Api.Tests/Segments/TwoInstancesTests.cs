using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Segments;

/// <summary>Two server instances on one PostgreSQL database: what one writes, the other's index shows.</summary>
public sealed class TwoInstancesTests : IAsyncLifetime, IDisposable
{
    private readonly PostgresTestDatabase _database = new();
    private SharedDatabasePostgresFactory? _first;
    private SharedDatabasePostgresFactory? _second;

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        _first = new SharedDatabasePostgresFactory(_database.ConnectionString);
        _second = new SharedDatabasePostgresFactory(_database.ConnectionString);
        _ = _first.Services;
        _ = _second.Services;
    }

    public async Task DisposeAsync()
    {
        await _first!.DisposeAsync();
        await _second!.DisposeAsync();
        await _database.DropAsync();
    }

    public void Dispose()
    {
        _first?.Dispose();
        _second?.Dispose();
    }

    [Fact]
    public async Task Two_instances_never_run_one_rule_at_the_same_time()
    {
        var onFirst = await _first!.CreateTenantAsync();
        var onSecond = await new TenantSession(_second!, onFirst.TenantId, onFirst.Slug).WithClientAsync(TagApi.Core.Tenancy.Scopes.All.ToArray());
        await onFirst.CreateTagAsync("everyone");
        for (var i = 0; i < 60; i++)
        {
            await onFirst.UpsertCustomerAsync($"m{i}");
        }

        // Enabled at once: both instances' schedulers find it due and race for its lease; manual runs join in.
        await onFirst.PostAsync("/v1/rules", new { key = "all", name = "All", tag = "everyone", condition = "true" }, System.Net.HttpStatusCode.Created);
        var manual = await Task.WhenAll(new[] { onFirst, onSecond, onFirst, onSecond }.Select(s => s.Http.PostAsync(new Uri("/v1/rules/all/run", UriKind.Relative), null)));
        Assert.All(manual, r => Assert.True(r.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Conflict, r.StatusCode.ToString()));
        // Customers created just before the rule may also be tagged by their own incremental evaluation,
        // which is no run and can win the race for all of them: so the runs add anywhere from none to
        // everyone, and every customer gets the tag exactly once.
        await Eventually.WaitForAsync(() => onSecond.GetAsync("/v1/tags/everyone"), t => t["customerCount"]!.GetValue<long>() == 60);
        var runs = (await onSecond.GetAsync("/v1/rules/all/runs"))["data"]!.AsArray();
        Assert.NotEmpty(runs);
        Assert.All(runs, r => Assert.Null(r!["error"]?.GetValue<string>()));
        Assert.InRange(runs.Sum(r => r!["added"]!.GetValue<long>()), 0, 60);
        var spans = runs.Select(r => (Start: r!["startedAt"]!.GetValue<DateTime>(), End: r["startedAt"]!.GetValue<DateTime>().AddMilliseconds(r["durationMs"]!.GetValue<double>())))
            .OrderBy(s => s.Start).ToList();
        Assert.All(spans.Zip(spans.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start, $"runs overlap: {pair.First} and {pair.Second}"));
        for (var i = 0; i < 60; i++)
        {
            var history = await onFirst.GetAsync($"/v1/customers/{(await onFirst.GetAsync($"/v1/customers/by-external-id/m{i}")).Str("id")}/tag-history");
            Assert.Single(history["data"]!.AsArray());
        }
    }

    [Fact]
    public async Task A_second_instances_writes_become_visible()
    {
        var onFirst = await _first!.CreateTenantAsync();
        var onSecond = await new TenantSession(_second!, onFirst.TenantId, onFirst.Slug).WithClientAsync(TagApi.Core.Tenancy.Scopes.All.ToArray());
        await onFirst.CreateTagAsync("vip");
        var customer = await onFirst.UpsertCustomerAsync("c1");
        Assert.Equal(0, await CountAsync(onSecond));

        await onFirst.ChangeTagsAsync(customer.Str("id"), add: ["vip"]);
        Assert.Equal(1, await Eventually.WaitForAsync(() => CountAsync(onSecond), seen => seen != 0, TimeSpan.FromSeconds(15)));
        await onFirst.DeleteAsync($"/v1/customers/{customer.Str("id")}");
        Assert.Equal(0, await Eventually.WaitForAsync(() => CountAsync(onSecond), seen => seen != 1, TimeSpan.FromSeconds(15)));
    }

    private static async Task<long> CountAsync(TenantSession api) =>
        (await api.PostAsync("/v1/segments/query", new { query = "tag = 'vip'", limit = 0 }, HttpStatusCode.OK))["count"]!.GetValue<long>();

    private sealed class SharedDatabasePostgresFactory(string connectionString) : TagApiFactory
    {
        public override string ProviderName => "Postgres";

        protected override string ConnectionString => connectionString;

        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Segments:FollowMilliseconds", "100")];
    }
}
