using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;

namespace TagApi.Api.Tests.Segments;

/// <summary>A node answering segment counts with SQL on the database (<c>Segments:Engine=Sql</c>), on SQLite.</summary>
public sealed class SqlEngineSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Segments:Engine", "Sql")];
}

/// <summary>The same, on PostgreSQL.</summary>
public sealed class SqlEnginePostgresFactory : TagApiFactoryOnPostgres
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Segments:Engine", "Sql")];
}

/// <summary>
/// In SQL mode a count (<c>limit</c> 0) comes from SQL while a page (<c>limit</c> ≥ 1) still comes from the index with
/// its count, so one tenant can compare the two engines query by query.
/// </summary>
public abstract class SqlEngineCountTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private static readonly string[] Tags = ["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"];

    [Fact]
    public async Task Sql_counts_equal_the_index_counts_for_random_tag_expressions()
    {
        var random = new Random(20261207);
        var api = await TenantAsync(random);
        var queries = Enumerable.Range(0, 150).Select(_ => SegmentQueryFormatter.Format(Expression(random, 0)))
            .Concat(["orderCount >= 0 AND tag = 't0'", "totalSpent > 10 OR tag = 't1'", "NOT (orderCount = 0)", "true"]);
        foreach (var query in queries)
        {
            var sql = await CountAsync(api, query, limit: 0);
            var index = await CountAsync(api, query, limit: 1);
            Assert.True(sql == index, $"'{query}': SQL counted {sql}, the index {index}");
        }
    }

    [Fact]
    public async Task A_shape_sql_mode_does_not_translate_is_refused_with_query_unsupported()
    {
        var api = await Factory.CreateTenantAsync();
        var problem = await api.PostAsync("/v1/segments/query", new { query = "city = 'Shanghai'", limit = 0 }, HttpStatusCode.BadRequest);
        Assert.Equal("query_unsupported", problem["code"]!.GetValue<string>());
        Assert.Contains("Segments:Engine", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counting_with_sql_checks_names_without_building_the_tenants_index()
    {
        var api = await TenantAsync(new Random(7));
        await CountAsync(api, "tag = 't0' OR tag UNDER 't4'", limit: 0);
        var unknown = await api.PostAsync("/v1/segments/query", new { query = "tag = 'nowhere'", limit = 0 }, HttpStatusCode.BadRequest);
        Assert.Equal("query_invalid", unknown["code"]!.GetValue<string>());

        // A tag made after the first count is known to the next one.
        await api.CreateTagAsync("t8");
        Assert.Equal(0, await CountAsync(api, "tag = 't8'", limit: 0));
        Assert.False(Factory.Services.GetRequiredService<SegmentEngine>().IsLoaded(api.TenantId));
    }

    private async Task<TenantSession> TenantAsync(Random random)
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var (key, i) in Tags.Select((k, i) => (k, i)))
        {
            // t4 and t5 sit under t0, t6 under t4: a hierarchy for tag UNDER.
            var parent = key switch { "t4" or "t5" => "t0", "t6" => "t4", _ => null };
            await api.CreateTagAsync(key, parent: parent);
        }

        for (var i = 0; i < 40; i++)
        {
            var id = (await api.UpsertCustomerAsync($"c{i}"))["id"]!.GetValue<string>();
            var held = Tags.Where(_ => random.Next(3) == 0).ToArray();
            if (held.Length > 0)
            {
                await api.ChangeTagsAsync(id, add: held);
            }
        }

        return api;
    }

    private static QueryNode Expression(Random random, int depth) => random.Next(depth >= 2 ? 4 : 7) switch
    {
        0 => new TagEquals(Pick(random)),
        1 => new TagNotEquals(Pick(random)),
        2 => new TagIn([Pick(random), Pick(random)]),
        3 => new TagUnder(Pick(random)),
        4 => new AndNode([Expression(random, depth + 1), Expression(random, depth + 1)]),
        5 => new OrNode([Expression(random, depth + 1), Expression(random, depth + 1)]),
        _ => new NotNode(Expression(random, depth + 1)),
    };

    private static string Pick(Random random) => Tags[random.Next(Tags.Length)];

    private static async Task<long> CountAsync(TenantSession api, string query, int limit) =>
        (await api.PostAsync("/v1/segments/query", new { query, limit }, HttpStatusCode.OK))["count"]!.GetValue<long>();
}

public sealed class SqlEngineCountOnSqlite(SqlEngineSqliteFactory factory) : SqlEngineCountTests(factory), IClassFixture<SqlEngineSqliteFactory>;

public sealed class SqlEngineCountOnPostgres(SqlEnginePostgresFactory factory) : SqlEngineCountTests(factory), IClassFixture<SqlEnginePostgresFactory>;
