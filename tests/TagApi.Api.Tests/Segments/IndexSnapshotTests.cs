using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Segments.Engine;

namespace TagApi.Api.Tests.Segments;

/// <summary>
/// A node keeps its tenant indexes in snapshot files; after a restart a tenant's first query reads the file back and
/// re-reads only the customers the change log names since. What it answers must be what a node that built its index
/// from the tables answers — including everything written by other nodes while it was down — and a damaged file must
/// be set aside, never read.
/// </summary>
public sealed class IndexSnapshotTests : IDisposable
{
    private static readonly string[] Queries =
    [
        "tag = 'vip'", "NOT tag = 'vip'", "city = 'Berlin'", "tag = 'vip' AND city != 'Berlin'", "attributes.tier = 'gold'",
        "count(purchase, 30d) >= 1", "tag = 'lapsed'",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tagapi-snapshots-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_restarted_node_reads_its_index_back_and_catches_up_with_what_changed_while_it_was_down(string provider)
    {
        var database = new SharedDatabase(provider);
        try
        {
            var first = await database.StartAsync(SnapshotSettings());
            var api = await first.CreateTenantAsync();
            var ids = await SeedAsync(api);
            await AnswersAsync(api);
            await WaitForSnapshotAsync();
            await first.DisposeAsync();

            // Another node writes while this one is down: tags on and off, a field, an activity, a deletion, a new
            // customer, a tag deleted outright.
            var other = await database.StartAsync([new("Segments:SnapshotsEnabled", "false")]);
            var elsewhere = await api.OnHostAsync(other);
            await elsewhere.ChangeTagsAsync(ids[1], add: ["vip"]);
            await elsewhere.ChangeTagsAsync(ids[2], remove: ["vip"]);
            await elsewhere.UpsertCustomerAsync("c3", new { city = "Berlin" }, HttpStatusCode.OK);
            await elsewhere.PostAsync("/v1/activities", new { customerExternalId = "c4", type = "purchase", occurredAt = DateTime.UtcNow, amount = 12.5 }, HttpStatusCode.Created);
            await elsewhere.DeleteAsync($"/v1/customers/{ids[5]}");
            await elsewhere.ChangeTagsAsync((await elsewhere.UpsertCustomerAsync("late", new { city = "Berlin" })).Str("id"), add: ["vip"]);
            await elsewhere.DeleteAsync("/v1/tags/lapsed");

            var restarted = await database.StartAsync(SnapshotSettings());
            var again = await api.OnHostAsync(restarted);
            Assert.Equal(await AnswersAsync(elsewhere), await AnswersAsync(again));
            var index = await restarted.Services.GetRequiredService<SegmentEngine>().IndexAsync(api.TenantId, CancellationToken.None);
            Assert.NotNull(index.RestoredFrom);
            Assert.Contains(index.BuildPhases, p => p.Name == "changes replayed" && p.Rows >= 6);

            // The restored index goes on following writes like any other.
            await again.ChangeTagsAsync(ids[7], add: ["vip"]);
            await again.ChangeTagsAsync(ids[8], remove: ["vip"]);
            var own = await AnswersAsync(again);
            Assert.Contains("tag = 'vip': c0,c1,c4,c6,c7,late\n", own, StringComparison.Ordinal);
            // The other node learns of them by following the log.
            Assert.Equal(own, await Eventually.WaitForAsync(() => AnswersAsync(elsewhere), seen => seen == own, TimeSpan.FromSeconds(15)));
        }
        finally
        {
            await database.RemoveAsync();
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_damaged_snapshot_is_set_aside_and_the_index_built_from_the_tables(string provider)
    {
        var database = new SharedDatabase(provider);
        try
        {
            var first = await database.StartAsync(SnapshotSettings());
            var api = await first.CreateTenantAsync();
            await SeedAsync(api);
            var expected = await AnswersAsync(api);
            var file = await WaitForSnapshotAsync();
            await first.DisposeAsync();
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[bytes.Length / 2] ^= 0x55;
            await File.WriteAllBytesAsync(file, bytes);

            var restarted = await database.StartAsync(SnapshotSettings());
            Assert.Equal(expected, await AnswersAsync(await api.OnHostAsync(restarted)));
            var index = await restarted.Services.GetRequiredService<SegmentEngine>().IndexAsync(api.TenantId, CancellationToken.None);
            Assert.Null(index.RestoredFrom);
            Assert.Contains(index.BuildPhases, p => p.Name == "customers read and indexed");
        }
        finally
        {
            await database.RemoveAsync();
        }
    }

    private KeyValuePair<string, string?>[] SnapshotSettings() =>
        [new("Segments:SnapshotDirectory", _directory), new("Segments:SnapshotIntervalSeconds", "1"), new("Segments:FollowMilliseconds", "100")];

    /// <summary>Ten customers in two cities, half of them VIPs, some lapsed by hand, with attributes and purchases; their ids.</summary>
    private static async Task<string[]> SeedAsync(TenantSession api)
    {
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("lapsed");
        var ids = new string[10];
        for (var i = 0; i < ids.Length; i++)
        {
            var customer = await api.UpsertCustomerAsync($"c{i}", new { city = i % 3 == 0 ? "Berlin" : "Hangzhou", attributes = new { tier = i % 2 == 0 ? "gold" : "silver" } });
            ids[i] = customer.Str("id");
            await api.ChangeTagsAsync(ids[i], add: i % 2 == 0 ? ["vip"] : ["lapsed"]);
            if (i % 4 == 0)
            {
                await api.PostAsync("/v1/activities", new { customerExternalId = $"c{i}", type = "purchase", occurredAt = DateTime.UtcNow.AddDays(-1), amount = 30 }, HttpStatusCode.Created);
            }
        }

        return ids;
    }

    /// <summary>Each query's status and members (or error code), as one comparable text.</summary>
    private static async Task<string> AnswersAsync(TenantSession api)
    {
        var answers = new List<string>();
        foreach (var query in Queries)
        {
            var response = await api.Http.PostAsync(new Uri("/v1/segments/query", UriKind.Relative), JsonContent(new { query, limit = 100 }));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            answers.Add(response.IsSuccessStatusCode
                ? $"{query}: {string.Join(",", body["data"]!.AsArray().Select(c => c!.Str("externalId")).Order(StringComparer.Ordinal))}"
                : $"{query}: {(int)response.StatusCode} {body["code"]}");
        }

        return string.Join("\n", answers);
    }

    private async Task<string> WaitForSnapshotAsync() =>
        await Eventually.WaitForAsync(
            () => Task.FromResult(Directory.Exists(_directory) ? Directory.GetFiles(_directory, "*.tagidx").SingleOrDefault() : null),
            file => file is not null, TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException("no snapshot written");

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
