using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Segments;

/// <summary>
/// Two instances on one database, the second's index following the first's writes only much later: a tag or category
/// the first just created is still a name queries on the second may use, because a name the index lacks is looked up
/// in the database before it is refused.
/// </summary>
public abstract class NamesAcrossInstancesTests(string provider) : IAsyncLifetime
{
    // Nothing reaches the second instance's index through the index-change log during the test (its first read only
    // marks where following starts; the second comes a minute after the start, and no announcement wakes it).
    private static readonly KeyValuePair<string, string?>[] SlowFollower =
        [new("Segments:FollowMilliseconds", "60000"), new("Segments:AnnounceCommits", "false")];
    private readonly SharedDatabase _database = new(provider);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.RemoveAsync();

    [Fact]
    public async Task A_tag_created_on_one_instance_can_be_queried_on_another_at_once()
    {
        var first = await _database.StartAsync(SlowFollower);
        var second = await _database.StartAsync(SlowFollower);
        var onFirst = await first.CreateTenantAsync();
        var onSecond = await new TenantSession(second, onFirst.TenantId, onFirst.Slug).WithClientAsync([.. Scopes.All]);
        // The second instance has loaded the tenant's index (and its tag structure) before the names exist.
        Assert.Equal(0, await onSecond.CountAsync("country = 'DE'"));

        await onFirst.PostAsync("/v1/tag-categories", new { key = "tier", name = "Tier" }, HttpStatusCode.Created);
        await onFirst.CreateTagAsync("gold", category: "tier");
        await onFirst.CreateTagAsync("vip");

        Assert.Equal(0, await onSecond.CountAsync("tag = 'vip' OR category.tier = 'gold' OR tag IN ('vip', 'gold')"));
        await onSecond.PostAsync("/v1/segments", new { key = "vips", name = "VIPs", query = "tag = 'vip'" }, HttpStatusCode.Created);
        await onSecond.PostAsync("/v1/rules", new { key = "gold", name = "Gold", tag = "gold", condition = "tag = 'vip'" }, HttpStatusCode.Created);

        // A name nobody created is still refused, with the closest known one suggested.
        var unknown = await onSecond.PostAsync("/v1/segments/query", new { query = "tag = 'vipp'" }, HttpStatusCode.BadRequest);
        Assert.Equal("query_invalid", unknown.Str("code"));
        Assert.Equal("vip", unknown["errors"]![0]!.Str("suggestion"));
    }

}

public sealed class NamesAcrossInstancesOnSqlite() : NamesAcrossInstancesTests("Sqlite");

public sealed class NamesAcrossInstancesOnPostgres() : NamesAcrossInstancesTests("Postgres");
