using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Segments;

public abstract class SegmentConsistencyTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private const int Block = 40;

    [Fact]
    public async Task Readers_never_see_half_of_a_batch()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("gold", category: "value");
        await api.CreateTagAsync("silver", category: "value");
        var ids = new List<string>();
        for (var i = 0; i < Block; i++)
        {
            ids.Add((await api.UpsertCustomerAsync($"c{i}")).Str("id"));
        }

        await MoveAllAsync(api, ids, "gold");
        using var stop = new CancellationTokenSource();
        var violations = new List<string>();
        var reader = Task.Run(async () =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested || reads < 20)
            {
                var gold = await api.CountAsync("tag = 'gold'");
                var both = await api.CountAsync("tag = 'gold' AND tag = 'silver'");
                var either = await api.CountAsync("tag = 'gold' OR tag = 'silver'");
                if (gold is not (0 or Block) || both != 0 || either != Block)
                {
                    lock (violations)
                    {
                        violations.Add($"gold={gold} both={both} either={either}");
                    }
                }

                reads++;
            }
        });

        for (var flip = 0; flip < 12; flip++)
        {
            await MoveAllAsync(api, ids, flip % 2 == 0 ? "silver" : "gold");
        }

        await stop.CancelAsync();
        await reader;
        Assert.Empty(violations);
        Assert.Equal(Block, await api.CountAsync("tag = 'gold'"));
    }

    // One batch, one transaction: adding the other tag of the exclusive category replaces the current one.
    private static Task<System.Text.Json.Nodes.JsonNode> MoveAllAsync(TenantSession api, List<string> ids, string tag) =>
        api.PostAsync("/v1/tag-assignments", new { add = ids.Select(id => new { customer = id, tag }).ToArray() });

}

public sealed class SegmentConsistencyOnSqlite(SqliteTagApiFactory factory) : SegmentConsistencyTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class SegmentConsistencyOnPostgres(PostgresTagApiFactory factory) : SegmentConsistencyTests(factory), IClassFixture<PostgresTagApiFactory>;
