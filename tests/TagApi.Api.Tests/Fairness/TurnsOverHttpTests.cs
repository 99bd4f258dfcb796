using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Fairness;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Fairness;

/// <summary>A node allowed one request at a time, with no room for a tenant's requests to wait.</summary>
public sealed class OneTurnFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Fairness:ConcurrentRequests", "1"), new("Fairness:QueuePerTenant", "0")];
}

/// <summary>Turns between tenants seen from outside: a request without a turn is a 429 with a code, probes always answer.</summary>
public sealed class TurnsOverHttpTests(OneTurnFactory factory) : IClassFixture<OneTurnFactory>
{
    [Fact]
    public async Task With_every_turn_taken_a_request_is_refused_with_concurrency_limited_and_answered_once_one_is_free()
    {
        var api = await factory.CreateTenantAsync();
        var turns = factory.Services.GetRequiredService<TenantTurns>();
        Assert.Equal(TurnOutcome.Granted, await turns.EnterAsync("held-by-the-test", CancellationToken.None));
        try
        {
            using var refused = await api.Http.GetAsync("/v1/tags");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var problem = await api.Http.ExpectAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.Equal("concurrency_limited", problem.Str("code"));

            using var probe = await api.Http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }
        finally
        {
            turns.Leave();
        }

        await api.GetAsync("/v1/tags");
        Assert.Equal(0, turns.Running);
    }
}
