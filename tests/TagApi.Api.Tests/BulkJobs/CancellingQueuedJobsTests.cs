using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>A node that runs no jobs (<c>BulkJobs:Concurrency=0</c>), so a job stays queued for as long as a test needs.</summary>
internal static class IdleBulkWorker
{
    public static readonly KeyValuePair<string, string?>[] Settings = [new("BulkJobs:Concurrency", "0")];
}

public sealed class IdleBulkWorkerSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => IdleBulkWorker.Settings;
}

public sealed class IdleBulkWorkerPostgresFactory : TagApiFactoryOnPostgres
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => IdleBulkWorker.Settings;
}

/// <summary>A queued job is cancelled at once, applies nothing, and cannot be cancelled twice.</summary>
public abstract class CancellingQueuedJobsTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_queued_job_is_cancelled_at_once_and_applies_nothing()
    {
        var api = await Factory.CreateTenantAsync();
        var queued = await api.UploadAsync("customers.import", """{"externalId":"late"}""");
        Assert.Equal("queued", queued.Str("status"));

        var cancelled = await api.PostAsync($"/v1/bulk-jobs/{queued.Str("id")}/cancel", null);

        Assert.True(cancelled["cancelRequested"]!.GetValue<bool>());
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal("cancelled", (await api.GetAsync($"/v1/bulk-jobs/{queued.Str("id")}")).Str("status"));
        await api.GetAsync("/v1/customers/by-external-id/late", HttpStatusCode.NotFound);
        var again = await api.PostAsync($"/v1/bulk-jobs/{queued.Str("id")}/cancel", null, HttpStatusCode.Conflict);
        Assert.Equal("job_finished", again.Str("code"));
    }
}

public sealed class CancellingQueuedJobsOnSqlite(IdleBulkWorkerSqliteFactory factory) : CancellingQueuedJobsTests(factory), IClassFixture<IdleBulkWorkerSqliteFactory>;

public sealed class CancellingQueuedJobsOnPostgres(IdleBulkWorkerPostgresFactory factory) : CancellingQueuedJobsTests(factory), IClassFixture<IdleBulkWorkerPostgresFactory>;
