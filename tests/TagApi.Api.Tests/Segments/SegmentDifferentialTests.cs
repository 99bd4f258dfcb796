using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Activities;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tags;

namespace TagApi.Api.Tests.Segments;

/// <summary>
/// The index must give exactly the customers a plain SQL evaluation gives, for thousands of random
/// queries over a random tenant — before and after a round of writes, deletions included.
/// </summary>
public abstract class SegmentDifferentialTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private const int QueriesPerRound = 1500;
    private static readonly string[] Categories = ["basic", "behavior", "lifecycle", "value", "source", "custom"];

    [Fact]
    public async Task The_index_agrees_with_sql_on_random_queries()
    {
        var random = new Random(20261124);
        var session = await Factory.CreateTenantAsync();
        var tenant = session.TenantId;
        var tags = await InTenant(tenant, sp => CreateTagsAsync(sp, random));
        var customerIds = await InTenant(tenant, sp => CreateCustomersAsync(sp, random, 300));
        await InTenant(tenant, sp => AssignAsync(sp, random, tags, 1200));
        await InTenant(tenant, sp => ScrambleMetricsAsync(sp, random));
        await InTenant(tenant, sp => RecordActivitiesAsync(sp, random, customerIds));
        var segments = await InTenant(tenant, sp => CreateSegmentsAsync(sp, random, tags));

        await CompareAsync(tenant, new QueryGenerator(random, tags, Categories, segments), QueriesPerRound);

        // A round of writes through the normal paths; the index follows each commit.
        await InTenant(tenant, sp => AssignAsync(sp, random, tags, 400));
        await InTenant(tenant, async sp =>
        {
            var service = sp.GetRequiredService<CustomerService>();
            foreach (var id in customerIds.Take(20))
            {
                await service.DeleteAsync(PublicId.Encode(IdPrefixes.Customer, id), CancellationToken.None);
            }

            foreach (var id in customerIds.Skip(20).Take(20))
            {
                await service.UpdateAsync(PublicId.Encode(IdPrefixes.Customer, id), new CustomerInput { City = new("Hangzhou"), Attributes = new(new JsonObject { ["vipLevel"] = 5 }) }, CancellationToken.None);
            }

            await sp.GetRequiredService<TagService>().DeleteAsync(tags[^1], CancellationToken.None);
            return 0;
        });
        await CompareAsync(tenant, new QueryGenerator(random, tags[..^1], Categories, segments), QueriesPerRound);
    }

    private async Task CompareAsync(long tenant, QueryGenerator generator, int count)
    {
        await InTenant(tenant, async sp =>
        {
            var db = sp.GetRequiredService<TagApiDbContext>();
            var evaluation = sp.GetRequiredService<SegmentEvaluation>();
            var catalog = await IndexLoader.LoadCatalogAsync(db, CancellationToken.None);
            var saved = (await db.Segments.AsNoTracking().ToListAsync()).ToDictionary(s => s.Key, s => SegmentQueryParser.Parse(s.Query));
            var postgres = db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal);
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            for (var i = 0; i < count; i++)
            {
                var query = SegmentQueryNormalizer.Normalize(generator.Next());
                var text = SegmentQueryFormatter.Format(query);
                var page = await evaluation.PageAsync(new CheckedQuery(query, text), null, 100_000, withCount: true, CancellationToken.None);
                await using var command = connection.CreateCommand();
                var where = new ReferenceSql(postgres, catalog, saved, page.ComputedAt, command).Where(query);
                command.CommandText = $"SELECT c.\"Id\" FROM \"Customers\" c WHERE c.\"TenantId\" = {tenant} AND {where} ORDER BY c.\"Id\"";
                var expected = new List<long>();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        expected.Add(reader.GetInt64(0));
                    }
                }

                Assert.True(expected.SequenceEqual(page.CustomerIds),
                    $"Query #{i} `{text}` (segments: {string.Join("; ", saved.Select(s => $"{s.Key} = {SegmentQueryFormatter.Format(s.Value)}"))}): SQL {expected.Count} vs index {page.CustomerIds.Count}; only SQL: [{string.Join(",", expected.Except(page.CustomerIds).Take(5))}], only index: [{string.Join(",", page.CustomerIds.Except(expected).Take(5))}]");
                Assert.Equal(expected.Count, page.Count);
            }

            return 0;
        });
    }

    private Task<T> InTenant<T>(long tenant, Func<IServiceProvider, Task<T>> work) => Factory.InTenantAsync(tenant, work);

    private static async Task<List<string>> CreateTagsAsync(IServiceProvider sp, Random random)
    {
        var service = sp.GetRequiredService<TagService>();
        var keys = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            var key = $"t{i}";
            string? parent = i % 4 != 0 && random.Next(2) == 0 ? keys[random.Next(keys.Count)] : null;
            string[] open = ["basic", "behavior", "source", "custom"];
            await service.CreateAsync(new TagInput { Key = new(key), Name = new(key), Category = new(open[i % open.Length]), Parent = new(parent) }, CancellationToken.None);
            keys.Add(key);
        }

        return keys;
    }

    private static async Task<List<long>> CreateCustomersAsync(IServiceProvider sp, Random random, int count)
    {
        var service = sp.GetRequiredService<CustomerService>();
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            JsonObject attributes = random.Next(4) switch
            {
                0 => [],
                1 => new JsonObject { ["vipLevel"] = "high" },
                _ => new JsonObject { ["vipLevel"] = random.Next(0, 6), ["tier"] = QueryGenerator.Tiers[random.Next(3)] },
            };
            var input = new CustomerInput
            {
                Type = new(random.Next(3) == 0 ? CustomerType.Company : CustomerType.Individual),
                City = new(random.Next(5) == 0 ? null : QueryGenerator.Cities[random.Next(4)]),
                Country = new(random.Next(5) == 0 ? null : QueryGenerator.Countries[random.Next(3)]),
                Gender = new(random.Next(3) == 0 ? null : "female"),
                BirthDate = new(random.Next(4) == 0 ? null : new DateOnly(1950, 1, 1).AddDays(random.Next(0, 25_000))),
                Attributes = new(attributes),
            };
            var (customer, _, _) = await service.UpsertAsync($"c{i:D4}", input, CancellationToken.None);
            ids.Add(customer.Id);
        }

        return ids;
    }

    private static async Task<int> AssignAsync(IServiceProvider sp, Random random, List<string> tags, int pairs)
    {
        var db = sp.GetRequiredService<TagApiDbContext>();
        var alive = await db.Customers.Select(c => c.Id).ToListAsync();
        var items = Enumerable.Range(0, pairs)
            .Select(_ => new TagAssignmentItem(PublicId.Encode(IdPrefixes.Customer, alive[random.Next(alive.Count)]), null, tags[random.Next(tags.Count)], null))
            .ToList();
        var removals = items.Take(pairs / 5).ToList();
        await sp.GetRequiredService<TagAssignmentBatchService>().ApplyAsync(new TagAssignmentBatch(items.Skip(pairs / 5).ToList(), [], TagSource.Import), CancellationToken.None);
        await sp.GetRequiredService<TagAssignmentBatchService>().ApplyAsync(new TagAssignmentBatch([], removals, TagSource.Import), CancellationToken.None);
        return 0;
    }

    // Metrics and creation times come from activities and history in real life; here they are set directly.
    private static async Task<int> ScrambleMetricsAsync(IServiceProvider sp, Random random)
    {
        var db = sp.GetRequiredService<TagApiDbContext>();
        var now = DateTime.UtcNow;
        foreach (var customer in await db.Customers.ToListAsync())
        {
            customer.Metrics.TotalSpent = random.Next(0, 500_000) / 100m;
            customer.CreatedAt = now.AddHours(-random.Next(1, 24 * 400));
        }

        await db.SaveChangesAsync();
        return 0;
    }

    // Activities through the public path, spread over 400 days at whole seconds, amounts in whole units.
    private static async Task<int> RecordActivitiesAsync(IServiceProvider sp, Random random, List<long> customerIds)
    {
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var activities = new List<ActivityInput>();
        foreach (var id in customerIds)
        {
            for (var n = random.Next(0, 7); n > 0; n--)
            {
                var type = QueryGenerator.ActivityTypes[random.Next(QueryGenerator.ActivityTypes.Length)];
                activities.Add(new ActivityInput
                {
                    Customer = PublicId.Encode(IdPrefixes.Customer, id),
                    Type = type,
                    Channel = random.Next(4) == 0 ? null : QueryGenerator.Channels[random.Next(QueryGenerator.Channels.Length)],
                    OccurredAt = now.AddSeconds(-random.Next(60, 400 * 86_400)),
                    Amount = type == "purchase" ? random.Next(1, 3000) : null,
                });
            }
        }

        foreach (var batch in activities.Chunk(1000))
        {
            await sp.GetRequiredService<ActivityService>().RecordAsync(batch, CancellationToken.None);
        }

        return activities.Count;
    }

    private static async Task<List<string>> CreateSegmentsAsync(IServiceProvider sp, Random random, List<string> tags)
    {
        var generator = new QueryGenerator(random, tags, Categories, []);
        var service = sp.GetRequiredService<SegmentService>();
        var keys = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var text = SegmentQueryFormatter.Format(SegmentQueryNormalizer.Normalize(generator.Next(1)));
            await service.CreateAsync(new SegmentInput { Key = new($"s{i}"), Name = new($"s{i}"), Query = new(text) }, CancellationToken.None);
            keys.Add($"s{i}");
        }

        return keys;
    }
}

public sealed class SegmentDifferentialOnSqlite(SqliteTagApiFactory factory) : SegmentDifferentialTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class SegmentDifferentialOnPostgres(PostgresTagApiFactory factory) : SegmentDifferentialTests(factory), IClassFixture<PostgresTagApiFactory>;
