using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Api.Tests.Webhooks;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>
/// Work of a GraphQL request stops when its client leaves or its time is up. The operation first pings a webhook
/// receiver that holds its answer, then creates a tag: the tag exists afterwards only if the work went on.
/// The timeout's counterpart is <see cref="GraphQLTimeoutTests"/>.
/// </summary>
public abstract class GraphQLCancellationTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_client_that_disconnects_stops_the_rest_of_its_operation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (api, endpoint) = await PingThenCreate.EndpointAsync(Factory, receiver);
        receiver.Hold();
        var request = ((IRequestEnds)Factory).Ends.Track();
        using var leave = new CancellationTokenSource();

        var sending = request.SendAsync(api.Http, PingThenCreate.Operation, new { id = endpoint }, leave.Token);
        await receiver.WaitForAsync(r => r.Body.Contains("webhook_endpoint.test", StringComparison.Ordinal));
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        var ended = await request.Ended.WaitAsync(TimeSpan.FromSeconds(60));
        receiver.Release();

        Assert.True(ended.Aborted, "the server saw the client leave");
        await api.GetAsync("/v1/tags/created-after-ping", HttpStatusCode.NotFound);
    }
}

/// <summary>The operation both suites run, and the endpoint it pings.</summary>
internal static class PingThenCreate
{
    public const string Operation = """
        mutation($id: ID!) {
          ping: testWebhookEndpoint(id: $id) { delivered }
          create: createTag(input: { key: "created-after-ping", name: "After" }) { tag { key } }
        }
        """;

    public static async Task<(TenantSession Api, string Endpoint)> EndpointAsync(TagApiFactory factory, WebhookReceiver receiver)
    {
        var api = await factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created);
        return (api, created["endpoint"]!.Str("id"));
    }
}

/// <summary>
/// The disconnect's settings: the ping gives up well before the operation's timeout would stop anything, so only the
/// client leaving can stop the tag's creation; and the server reports when it is done with a request.
/// </summary>
internal static class CancellationSettings
{
    public static readonly KeyValuePair<string, string?>[] Disconnect = [new("Webhooks:TimeoutSeconds", "3"), new("GraphQL:TimeoutSeconds", "120")];

    public static void Track(IWebHostBuilder builder, RequestEnds ends) =>
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(ends));
}

public sealed class GraphQLCancellationSqliteFactory : TagApiFactoryOnSqlite, IRequestEnds
{
    public RequestEnds Ends { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => CancellationSettings.Disconnect;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        CancellationSettings.Track(builder, Ends);
    }
}

public sealed class GraphQLCancellationPostgresFactory : TagApiFactoryOnPostgres, IRequestEnds
{
    public RequestEnds Ends { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => CancellationSettings.Disconnect;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        CancellationSettings.Track(builder, Ends);
    }
}

public sealed class GraphQLCancellationOnSqlite(GraphQLCancellationSqliteFactory factory) : GraphQLCancellationTests(factory), IClassFixture<GraphQLCancellationSqliteFactory>;

public sealed class GraphQLCancellationOnPostgres(GraphQLCancellationPostgresFactory factory) : GraphQLCancellationTests(factory), IClassFixture<GraphQLCancellationPostgresFactory>;
