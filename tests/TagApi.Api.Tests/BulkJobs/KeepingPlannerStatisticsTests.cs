using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Features.BulkJobs;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Data;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>
/// A long job refreshes the planner statistics of the tables it looks rows up in — before its first chunk, after its
/// first two, then each time it has run four times as many — so no plan PostgreSQL cached while an imported table was
/// nearly empty outlives that (it made each chunk slower than the one before).
/// </summary>
public sealed class KeepingPlannerStatisticsOnPostgres(PostgresTagApiFactory factory) : IClassFixture<PostgresTagApiFactory>
{
    [Fact]
    public async Task A_long_activities_import_analyses_the_customers_and_activities_as_it_grows_them()
    {
        var api = await factory.CreateTenantAsync();
        await api.RunAsync("customers.import", string.Join('\n', Enumerable.Range(0, 100).Select(i => $$"""{"externalId":"s{{i}}"}""")));
        var before = await AnalysesAsync(api);

        // Twelve chunks of a thousand lines: refreshed before steps 0, 1, 2 and 4, while at least eight chunks are left.
        var body = string.Join('\n', Enumerable.Range(0, 12_000)
            .Select(i => $$"""{"externalId":"p{{i}}","customerExternalId":"s{{i % 100}}","type":"purchase","amount":1}"""));
        var job = await api.RunAsync("activities.import", body);
        var after = await AnalysesAsync(api);

        Assert.Equal(12_000, job.Count("recorded"));
        Assert.Equal((4L, 4L), (after.Customers - before.Customers, after.Activities - before.Activities));
    }

    [Fact]
    public async Task A_short_job_leaves_the_statistics_alone()
    {
        var api = await factory.CreateTenantAsync();
        var before = await AnalysesAsync(api);
        await api.RunAsync("customers.import", string.Join('\n', Enumerable.Range(0, 7_000).Select(i => $$"""{"externalId":"q{{i}}"}""")));
        Assert.Equal(before, await AnalysesAsync(api));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(8, false)]
    [InlineData(15, false)]
    [InlineData(16, true)]
    [InlineData(32, false)]
    [InlineData(64, true)]
    [InlineData(1024, true)]
    [InlineData(1025, false)]
    public void Refreshes_are_due_early_then_each_time_the_run_has_four_times_as_many_chunks(int step, bool due) =>
        Assert.Equal(due, BulkJobStatistics.IsDue(step));

    // Manual ANALYZE runs only (autovacuum's are counted apart).
    private Task<(long Customers, long Activities)> AnalysesAsync(TenantSession api) => factory.InTenantAsync(api.TenantId, async services =>
    {
        var db = services.GetRequiredService<TagApiDbContext>();
        var counts = await db.Database.SqlQueryRaw<Analyses>(
            """SELECT relname AS "Table", analyze_count AS "Count" FROM pg_stat_user_tables WHERE relname IN ('Customers', 'Activities')""").ToListAsync();
        return (counts.Single(c => c.Table == "Customers").Count, counts.Single(c => c.Table == "Activities").Count);
    });

    private sealed record Analyses(string Table, long Count);
}
