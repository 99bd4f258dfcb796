using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Data;

namespace TagApi.Api.Tests.Events;

/// <summary>
/// An integrator tails <c>GET /v1/events?after=&lt;last id&gt;</c> while several clients write at once. Concurrent
/// transactions draw event ids in one order and commit in another, so a feed that showed an event while an older one
/// could still commit would page past the older one for good. On SQLite the feed has no horizon and goes by id: one
/// writer at a time draws its ids inside its transaction, and the same race shows that id order is commit order there.
/// </summary>
public abstract class TailingTheEventFeedTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private const int Writers = 8;
    private const int RequestsPerWriter = 90;
    private static readonly string[] Tags = ["red", "green", "blue"];

    [Fact]
    public async Task A_tailer_racing_concurrent_writers_sees_every_event_exactly_once()
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var tag in Tags)
        {
            await api.CreateTagAsync(tag);
        }

        var customers = new List<string[]>();
        for (var w = 0; w < Writers; w++)
        {
            var own = new string[3];
            for (var c = 0; c < own.Length; c++)
            {
                own[c] = (await api.UpsertCustomerAsync($"w{w}-c{c}")).Str("id");
            }

            customers.Add(own);
        }

        using var stop = new CancellationTokenSource();
        var seen = new ConcurrentQueue<string>();
        var tailer = Task.Run(() => TailAsync(api, seen, stop.Token));
        await Task.WhenAll(customers.Select((own, w) => Task.Run(() => WriteAsync(api, own, w))));

        // Every write has committed: the whole log, read from the start, is what the tailer must have seen.
        var (all, caughtUp) = await Eventually.WaitForAsync(
            async () => (All: await ReadAllAsync(api), Seen: seen.ToHashSet()),
            x => x.Seen.SetEquals(x.All), TimeSpan.FromSeconds(15));
        await stop.CancelAsync();
        await tailer;

        var missed = all.Except(caughtUp).ToList();
        Assert.True(missed.Count == 0, $"The tailer missed {missed.Count} of {all.Count} events: {string.Join(", ", missed.Take(10))}");
        Assert.True(all.Count >= Writers * RequestsPerWriter, $"only {all.Count} events were logged");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(all, seen.ToList());
    }

    [Fact]
    public async Task An_after_id_no_longer_kept_continues_with_the_next_kept_event()
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var key in new[] { "t1", "t2", "t3", "t4", "t5" })
        {
            await api.CreateTagAsync(key);
        }

        var all = await ReadAllAsync(api);
        // Retention removes the oldest events.
        await Factory.InTenantAsync(api.TenantId, async services =>
        {
            var db = services.GetRequiredService<TagApiDbContext>();
            var oldest = await db.Events.OrderBy(e => e.Id).Select(e => e.Id).Take(2).ToListAsync();
            return await db.Events.Where(e => oldest.Contains(e.Id)).ExecuteDeleteAsync();
        });

        Assert.Equal(all.Skip(2), await AfterAsync(api, all[0]));
        Assert.Equal(all.Skip(2), await AfterAsync(api, all[1]));
        Assert.Equal(all.Skip(3), await AfterAsync(api, all[2]));
        Assert.Empty(await AfterAsync(api, all[^1]));
    }

    private static async Task<List<string>> AfterAsync(TenantSession api, string after) =>
        [.. (await api.GetAsync($"/v1/events?limit=200&after={after}"))["data"]!.AsArray().Select(e => e!.Str("id"))];

    // Each writer toggles tags on its own customers, one customer or all three at a time, so every request changes
    // something and logs one to three events in one transaction.
    private static async Task WriteAsync(TenantSession api, string[] own, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < RequestsPerWriter; i++)
        {
            var tag = Tags[i / 2 % Tags.Length];
            var add = i % 2 == 0;
            if (random.Next(2) == 0)
            {
                await api.ChangeTagsAsync(own[0], add: add ? [tag] : null, remove: add ? null : [tag]);
            }
            else
            {
                var pairs = own.Select(c => new { customer = c, tag }).ToArray();
                await api.PostAsync("/v1/tag-assignments", add ? new { add = pairs } : new { remove = pairs });
            }
        }
    }

    // Asks for the events after the last one it saw, as an integrator would, until told to stop.
    private static async Task TailAsync(TenantSession api, ConcurrentQueue<string> seen, CancellationToken stop)
    {
        string? last = null;
        while (!stop.IsCancellationRequested)
        {
            var page = (await api.GetAsync(last is null ? "/v1/events?limit=200" : $"/v1/events?limit=200&after={last}"))["data"]!.AsArray();
            foreach (var e in page)
            {
                seen.Enqueue(last = e!.Str("id"));
            }

            if (page.Count == 0)
            {
                await Task.Delay(5, CancellationToken.None);
            }
        }
    }

    private static async Task<List<string>> ReadAllAsync(TenantSession api)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await api.GetAsync(cursor is null ? "/v1/events?limit=200" : $"/v1/events?limit=200&cursor={cursor}", HttpStatusCode.OK);
            ids.AddRange(page["data"]!.AsArray().Select(e => e!.Str("id")));
            cursor = (page["nextCursor"] as JsonValue)?.GetValue<string>();
        }
        while (cursor is not null);
        return ids;
    }
}

public sealed class TailingTheEventFeedOnSqlite(SqliteTagApiFactory factory) : TailingTheEventFeedTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class TailingTheEventFeedOnPostgres(PostgresTagApiFactory factory) : TailingTheEventFeedTests(factory), IClassFixture<PostgresTagApiFactory>;
