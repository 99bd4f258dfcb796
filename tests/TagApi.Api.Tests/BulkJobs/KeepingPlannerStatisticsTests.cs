using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Data;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>
/// A long job refreshes the planner statistics of a table it looks rows up in whenever the table has doubled since they
/// were taken, so no plan PostgreSQL cached while an imported table was nearly empty outlives that (it made each chunk
/// slower than the one before); a job that adds a little to a large table leaves them alone.
/// </summary>
public sealed class KeepingPlannerStatisticsOnPostgres(PostgresTagApiFactory factory) : IClassFixture<PostgresTagApiFactory>
{
    [Fact]
    public async Task A_long_import_into_an_empty_table_keeps_its_statistics_within_a_doubling_of_its_size()
    {
        var api = await NewTenantWithCustomersAsync();
        var before = await StatisticsAsync(api);

        var job = await api.RunAsync("activities.import", Activities("p", 12_000));
        var after = await StatisticsAsync(api);

        Assert.Equal(12_000, job.Count("recorded"));
        Assert.InRange(after.Analyses - before.Analyses, 2, 12);
        Assert.True(after.Pages < 2 * after.PagesAnalysed, $"{after.Pages} pages, statistics taken at {after.PagesAnalysed}");
    }

    [Fact]
    public async Task A_long_job_that_adds_less_than_the_table_holds_leaves_its_statistics_alone()
    {
        var api = await NewTenantWithCustomersAsync();
        await api.RunAsync("activities.import", Activities("a", 16_000));
        await factory.InTenantAsync(api.TenantId, services => services.GetRequiredService<TagApiDbContext>().Database.ExecuteSqlRawAsync("ANALYZE \"Activities\""));
        var before = await StatisticsAsync(api);

        await api.RunAsync("activities.import", Activities("b", 8_000));

        Assert.Equal(before.Analyses, (await StatisticsAsync(api)).Analyses);
    }

    private async Task<TenantSession> NewTenantWithCustomersAsync()
    {
        var api = await factory.CreateTenantAsync();
        await api.RunAsync("customers.import", string.Join('\n', Enumerable.Range(0, 100).Select(i => $$"""{"externalId":"s{{i}}"}""")));
        return api;
    }

    private static string Activities(string prefix, int count) => string.Join('\n', Enumerable.Range(0, count)
        .Select(i => $$"""{"externalId":"{{prefix}}{{i}}","customerExternalId":"s{{i % 100}}","type":"purchase","amount":1}"""));

    // Manual ANALYZE runs only (autovacuum's are counted apart); pages on disk now and when the statistics were taken.
    private Task<ActivityStatistics> StatisticsAsync(TenantSession api) => factory.InTenantAsync(api.TenantId, services =>
        services.GetRequiredService<TagApiDbContext>().Database.SqlQueryRaw<ActivityStatistics>(
            """
            SELECT s.analyze_count AS "Analyses", pg_relation_size(c.oid) / current_setting('block_size')::bigint AS "Pages", c.relpages::bigint AS "PagesAnalysed"
            FROM pg_class AS c JOIN pg_stat_user_tables AS s ON s.relid = c.oid WHERE c.relname = 'Activities'
            """).SingleAsync());

    private sealed record ActivityStatistics(long Analyses, long Pages, long PagesAnalysed);
}
