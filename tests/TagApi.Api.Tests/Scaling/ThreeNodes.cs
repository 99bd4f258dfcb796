using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Scaling;

/// <summary>
/// Three real server processes on one PostgreSQL database and one Redis, as three nodes behind a round-robin would run,
/// with one signing key. Their followers poll only once a minute: what one node shows of another's writes it learns
/// from announced commits. One tenant and one client with every scope, signed in on the first node.
/// </summary>
public sealed class ThreeNodes : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
    private readonly List<ServerProcess> _servers = [];
    private readonly List<HttpClient> _clients = [];

    /// <summary>One client per node, all with the same access token.</summary>
    public IReadOnlyList<HttpClient> Nodes => _clients;

    public async Task InitializeAsync()
    {
        var nodes = this;
        await nodes._database.CreateAsync();
        using var rsa = RSA.Create(2048);
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:TagApi"] = nodes._database.ConnectionString,
            ["Auth:SigningKey"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["Demo:SeedOnFirstStart"] = "false",
            // Behind one address every node issues and accepts tokens for the same issuer.
            ["Auth:Issuer"] = "http://tagapi.three-nodes.test/",
            ["Redis:Configuration"] = TestRedis.Configuration,
            ["Redis:KeyPrefix"] = $"three-nodes-{Guid.NewGuid():N}:",
            ["Segments:FollowMilliseconds"] = "60000",
            ["Rules:SchedulerSeconds"] = "0.3",
            ["Rules:IncrementalDelayMilliseconds"] = "20",
            ["Segments:MembershipDelayMilliseconds"] = "20",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < 3; i++)
        {
            nodes._servers.Add(new ServerProcess(settings));
        }

        await nodes._servers[0].RunCommandAsync("admin", "create-tenant", "three");
        var client = await nodes._servers[0].RunCommandAsync("admin", "create-client", "three", "--scopes", string.Join(' ', Core.Tenancy.Scopes.All));
        await Task.WhenAll(nodes._servers.Select(s => s.StartAsync(TimeSpan.FromSeconds(120))));
        var token = await TokenAsync(nodes._servers[0].BaseAddress, client.Str("clientId"), client.Str("clientSecret"));
        foreach (var server in nodes._servers)
        {
            var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            nodes._clients.Add(http);
        }
    }

    /// <summary>The last lines each node printed, for a failure's message.</summary>
    public string Output => string.Join("\n---\n", _servers.Select(s => s.RecentOutput));

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var server in _servers)
        {
            server.Dispose();
        }

        await _database.DropAsync();
    }

    private static async Task<string> TokenAsync(Uri node, string clientId, string secret)
    {
        using var http = new HttpClient { BaseAddress = node };
        using var response = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        }));
        return JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!.Str("access_token");
    }
}
