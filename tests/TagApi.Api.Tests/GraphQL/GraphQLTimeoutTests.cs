using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Api.Tests.Webhooks;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>
/// The timeout stops an operation's work, on a server that gives an operation one second and a webhook ping thirty:
/// only the timeout can stop the ping that <see cref="PingThenCreate"/> holds, and the tag after it is never created.
/// </summary>
public abstract class GraphQLTimeoutTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task An_operation_past_its_timeout_stops_and_answers_503()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (api, endpoint) = await PingThenCreate.EndpointAsync(Factory, receiver);
        receiver.Hold();

        var (response, body) = await api.Http.PostGraphQLAsync(PingThenCreate.Operation, new { id = endpoint }).WaitAsync(TimeSpan.FromSeconds(60));
        receiver.Release();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(["TIMEOUT"], body.ErrorCodes());
        await api.GetAsync("/v1/tags/created-after-ping", HttpStatusCode.NotFound);
    }
}

/// <summary>The timeout's settings: the operation's time runs out long before the ping's.</summary>
internal static class TimeoutSettings
{
    public static readonly KeyValuePair<string, string?>[] Values = [new("Webhooks:TimeoutSeconds", "30"), new("GraphQL:TimeoutSeconds", "1")];
}

public sealed class GraphQLTimeoutSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => TimeoutSettings.Values;
}

public sealed class GraphQLTimeoutPostgresFactory : TagApiFactoryOnPostgres
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => TimeoutSettings.Values;
}

public sealed class GraphQLTimeoutOnSqlite(GraphQLTimeoutSqliteFactory factory) : GraphQLTimeoutTests(factory), IClassFixture<GraphQLTimeoutSqliteFactory>;

public sealed class GraphQLTimeoutOnPostgres(GraphQLTimeoutPostgresFactory factory) : GraphQLTimeoutTests(factory), IClassFixture<GraphQLTimeoutPostgresFactory>;
