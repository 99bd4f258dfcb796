using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Idempotency;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Idempotency;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Idempotency;

/// <summary>
/// How long a key holds: a stored outcome for 24 hours, then the key is free again and the record is purged; a claim of
/// a request that never finished (its instance crashed) only for its lease. Each test moves the factory's clock.
/// </summary>
public abstract class KeyLifetimeTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_stored_outcome_is_replayed_for_24_hours_then_the_key_is_free_and_purged()
    {
        var api = await Factory.CreateTenantAsync();
        await api.PostKeyedAsync("/v1/tags", """{"key":"day-one","name":"Day one"}""", "daily");

        Factory.Clock.Advance(TimeSpan.FromHours(23));
        await api.RefreshTokenAsync();
        var withinTheDay = await api.PostKeyedAsync("/v1/tags", """{"key":"day-one","name":"Day one"}""", "daily");
        Factory.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await api.RefreshTokenAsync();
        var nextDay = await api.PostKeyedAsync("/v1/tags", """{"key":"day-two","name":"Day two"}""", "daily");

        Assert.True(withinTheDay.Replayed);
        Assert.Equal((HttpStatusCode.Created, false), (nextDay.Status, nextDay.Replayed));
        Factory.Clock.Advance(TimeSpan.FromHours(25));
        var purged = await InClientAsync(api, store => store.PurgeAsync(CancellationToken.None));
        Assert.True(purged >= 1);
    }

    [Fact]
    public async Task A_key_claimed_by_a_request_that_never_finished_is_refused_until_its_lease_lapses()
    {
        var api = await Factory.CreateTenantAsync();
        const string body = """{"key":"orphaned","name":"Orphaned"}""";
        var fingerprint = await FingerprintAsync("POST", "/v1/tags", body);
        var claim = await InClientAsync(api, store => store.ClaimAsync(api.ClientId, "crashed", fingerprint, CancellationToken.None));
        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);

        var whileClaimed = await api.PostKeyedAsync("/v1/tags", body, "crashed");
        Factory.Clock.Advance(new IdempotencySettings().Lease + TimeSpan.FromSeconds(1));
        await api.RefreshTokenAsync();
        var afterTheLease = await api.PostKeyedAsync("/v1/tags", body, "crashed");

        Assert.Equal((HttpStatusCode.Conflict, "idempotency_in_flight"), (whileClaimed.Status, whileClaimed.Code));
        Assert.NotNull(whileClaimed.Header("Retry-After"));
        Assert.Equal((HttpStatusCode.Created, false), (afterTheLease.Status, afterTheLease.Replayed));
    }

    private async Task<T> InClientAsync<T>(TenantSession api, Func<IdempotencyStore, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(api.TenantId, api.ClientId);
        return await work(scope.ServiceProvider.GetRequiredService<IdempotencyStore>());
    }

    private static Task<string> FingerprintAsync(string method, string path, string json)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.ContentType = "application/json; charset=utf-8";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return RequestFingerprint.ComputeAsync(http.Request, CancellationToken.None);
    }
}

public sealed class KeyLifetimeOnSqlite(SqliteTagApiFactory factory) : KeyLifetimeTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class KeyLifetimeOnPostgres(PostgresTagApiFactory factory) : KeyLifetimeTests(factory), IClassFixture<PostgresTagApiFactory>;
