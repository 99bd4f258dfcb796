using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Segments;

/// <summary>
/// Three nodes on one PostgreSQL database whose followers poll only once a minute: what one node writes reaches the
/// others' indexes because it announces its commits, not because they poll.
/// </summary>
public sealed class AnnouncedCommitsTests : IAsyncLifetime
{
    private static readonly KeyValuePair<string, string?>[] RarePolling = [new("Segments:FollowMilliseconds", "60000")];
    private readonly SharedDatabase _database = new("Postgres");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.RemoveAsync();

    [Fact]
    public async Task A_write_on_one_node_reaches_the_loaded_indexes_of_the_others_without_their_poll()
    {
        var nodes = new[] { await _database.StartAsync(RarePolling), await _database.StartAsync(RarePolling), await _database.StartAsync(RarePolling) };
        var onFirst = await nodes[0].CreateTenantAsync();
        var others = new[] { await onFirst.OnHostAsync(nodes[1]), await onFirst.OnHostAsync(nodes[2]) };
        await onFirst.CreateTagAsync("vip");
        var customer = (await onFirst.UpsertCustomerAsync("c1"))["id"]!.GetValue<string>();
        // Each other node has built the tenant's index; from now on only following can change what it counts.
        await Eventually.WaitForAsync(() => Task.WhenAll(others.Select(o => o.CountAsync("NOT tag = 'vip'"))), counts => counts.All(c => c == 1));
        foreach (var other in others)
        {
            Assert.Equal(0, await other.CountAsync("tag = 'vip'"));
        }

        await onFirst.ChangeTagsAsync(customer, add: ["vip"]);

        foreach (var other in others)
        {
            Assert.Equal(1, await Eventually.WaitForAsync(() => other.CountAsync("tag = 'vip'"), count => count == 1));
        }

        await onFirst.ChangeTagsAsync(customer, remove: ["vip"]);

        foreach (var other in others)
        {
            Assert.Equal(0, await Eventually.WaitForAsync(() => other.CountAsync("tag = 'vip'"), count => count == 0));
        }
    }

}
