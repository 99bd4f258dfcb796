using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>
/// A node's index takes in each committed chunk of a job while the next chunk runs; a job seen as succeeded has every
/// chunk in the index of the node that ran it. The follower is held off here (no announcements, a one-minute poll), so
/// only the job's own updates can bring the chunks in.
/// </summary>
public abstract class JobChunksInTheIndexTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private const int Customers = 3_500;

    [Fact]
    public async Task A_job_seen_succeeded_has_every_chunk_in_the_index_of_the_node_that_ran_it()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        // Loaded before the jobs, so what it answers after them came from their updates, not from a build.
        Assert.Equal(0, await api.CountAsync("true"));

        await api.RunAsync("customers.import", string.Join('\n', Enumerable.Range(0, Customers).Select(i => $$"""{"externalId":"k{{i}}","city":"Shanghai"}""")) + "\n");
        Assert.Equal(Customers, await api.CountAsync("city = 'Shanghai'"));

        await api.RunAsync("tag-assignments.import", string.Join('\n', Enumerable.Range(0, Customers).Select(i => $$"""{"externalId":"k{{i}}","tag":"vip"}""")) + "\n");
        Assert.Equal(Customers, await api.CountAsync("tag = 'vip'"));

        var untag = await api.FinishedAsync(await api.StartAsync(new { kind = "segment.tag", query = "tag = 'vip'", tag = "vip", op = "remove" }));
        Assert.Equal("succeeded", untag.Str("status"));
        Assert.Equal(0, await api.CountAsync("tag = 'vip'"));
    }

}

public sealed class JobChunksInTheIndexOnSqlite(JobChunksInTheIndexOnSqlite.HeldOffFactory factory) : JobChunksInTheIndexTests(factory), IClassFixture<JobChunksInTheIndexOnSqlite.HeldOffFactory>
{
    public sealed class HeldOffFactory : TagApiFactoryOnSqlite
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => FollowerSettings.HeldOff;
    }
}

public sealed class JobChunksInTheIndexOnPostgres(JobChunksInTheIndexOnPostgres.HeldOffFactory factory) : JobChunksInTheIndexTests(factory), IClassFixture<JobChunksInTheIndexOnPostgres.HeldOffFactory>
{
    public sealed class HeldOffFactory : TagApiFactoryOnPostgres
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => FollowerSettings.HeldOff;
    }
}
