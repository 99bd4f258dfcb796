using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using TagApi.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// The outbox promise under SIGKILL: a real server process on PostgreSQL is killed at random
/// moments while a client changes tags, and started again. Afterwards every acknowledged change has
/// a verified delivery, every delivery is a committed event, and every committed event — including
/// those of requests whose answer was lost in a kill — is delivered. The same holds for the
/// membership events of a segment over one of the tags: after recovery its member rows match the
/// tag's holders, and the deliveries alone rebuild that membership.
/// </summary>
public sealed class ServerCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 4;
    private const int Workers = 4;
    private const int CustomersPerWorker = 8;
    private static readonly string[] TagKeys = ["alpha", "beta", "gamma", "delta"];
    private readonly PostgresTestDatabase _database = new();

    public Task InitializeAsync() => _database.CreateAsync();

    public Task DisposeAsync() => _database.DropAsync();

    [Fact]
    public async Task Every_acknowledged_change_is_delivered_and_nothing_uncommitted_is_after_repeated_SIGKILLs()
    {
        var clock = Stopwatch.StartNew();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var membershipReceiver = await WebhookReceiver.StartAsync();
        // The test's key, so the audit names the rows it reads from the database by the ids the server delivered.
        TestServerKey.KeyPublicIds();
        using var server = new ServerProcess(new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:TagApi"] = _database.ConnectionString,
            ["Auth:SigningKey"] = TestServerKey.Pem,
            ["Demo:SeedOnFirstStart"] = "false",
            ["RateLimiting:PermitsPerSecond"] = "100000",
            ["RateLimiting:Burst"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Webhooks:AllowPrivateDestinations"] = "true",
            ["Webhooks:TimeoutSeconds"] = "5",
            // A killed instance's claims lapse after the lease; a short one keeps recovery inside the test's time.
            ["Webhooks:LeaseSeconds"] = "5",
            ["Webhooks:PollMilliseconds"] = "200",
            ["Segments:MembershipSchedulerSeconds"] = "0.5",
            ["Segments:MembershipRefreshSeconds"] = "2",
            ["Segments:MembershipLeaseSeconds"] = "5",
        });

        await server.RunCommandAsync("admin", "create-tenant", "crash");
        var client = await server.RunCommandAsync("admin", "create-client", "crash", "--scopes", "tags:read tags:write customers:read customers:write segments:read segments:write webhooks:manage");
        await server.StartAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, client));

        var secret = (await PostAsync(http, "/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "customer.tags.added", "customer.tags.removed" } }))
            .Str("secret");
        var membershipSecret = (await PostAsync(http, "/v1/webhook-endpoints", new { url = membershipReceiver.Url, eventTypes = new[] { "segment.entered", "segment.exited" } }))
            .Str("secret");
        foreach (var key in TagKeys)
        {
            await PostAsync(http, "/v1/tags", new { key, name = key });
        }

        await PostAsync(http, "/v1/segments", new { key = "alpha_holders", name = "Alpha holders", query = $"tag = '{TagKeys[0]}'" });

        var customers = new List<string>();
        for (var i = 0; i < Workers * CustomersPerWorker; i++)
        {
            using var response = await http.PutAsJsonAsync(new Uri($"/v1/customers/by-external-id/crash-{i}", UriKind.Relative), new { });
            customers.Add(JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!.Str("id"));
        }

        await BaselineWrittenAsync();

        // Chaos: workers change tags while the server is killed and restarted at random moments.
        var changes = new TagChangeClient(http, TagKeys);
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Workers)
            .Select(w => Task.Run(() => changes.RunAsync(customers.Skip(w * CustomersPerWorker).Take(CustomersPerWorker).ToList(), w, stop.Token)))
            .ToList();
        var random = new Random(6);
        var restarts = new List<double>();
        for (var kill = 0; kill < Kills; kill++)
        {
            // Deliberate: the load runs for a random while before each kill, so kills land at arbitrary moments.
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_500, 4_000)));
            server.Kill();
            var down = Stopwatch.StartNew();
            await server.StartAsync(TimeSpan.FromSeconds(60));
            restarts.Add(down.Elapsed.TotalSeconds);
        }

        // Deliberate: the load goes on against the last restarted instance for a while before it stops.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        var chaosDone = clock.Elapsed;

        // Recovery: wait (bounded) until the database owes nothing and every committed event has arrived.
        var settle = Stopwatch.StartNew();
        var audit = await Eventually.WaitForAsync(
            () => DeliveryAudit.ReadAsync(_database.ConnectionString, receiver.Received.ToList(), secret),
            a => a.Unfinished == 0 && a.Undelivered().Count == 0,
            TimeSpan.FromSeconds(60));
        var membership = await Eventually.WaitForAsync(
            () => MembershipAudit.ReadAsync(_database.ConnectionString, membershipReceiver.Received.ToList(), membershipSecret, "alpha_holders", TagKeys[0]),
            m => m.Members.SetEquals(m.Holders) && m.Undelivered().Count == 0,
            TimeSpan.FromSeconds(90) - settle.Elapsed);

        var acknowledged = changes.Acknowledged.ToList();
        output.WriteLine($"server started {server.Starts} times, SIGKILLed {server.Kills} times; restarts took {string.Join(", ", restarts.Select(s => $"{s:0.0} s"))}");
        output.WriteLine($"{changes.Requests} change requests: {changes.Requests - changes.Unacknowledged} acknowledged carrying {acknowledged.Count} tag changes, {changes.Unacknowledged} unacknowledged (no answer or 5xx)");
        // Each request names one tag, so each acknowledged tag change is one event; the surplus came from lost answers.
        output.WriteLine($"{audit.Committed.Count - acknowledged.Count} committed events belong to requests whose answer was lost in a kill");
        output.WriteLine($"{audit.Committed.Count} customer tag events committed; receiver got {audit.ReceivedRequests} requests, {audit.Verified.Count} distinct verified events ({audit.ReceivedRequests - audit.Verified.Count} redeliveries)");
        output.WriteLine($"settled {settle.Elapsed.TotalSeconds:0.0} s after the last restart's load stopped; {audit.Unfinished} deliveries unfinished; whole test {clock.Elapsed.TotalSeconds:0} s (chaos {chaosDone.TotalSeconds:0} s)");

        Assert.Equal(Kills, server.Kills);
        Assert.True(acknowledged.Count > 50, "the client made too few changes for the test to mean anything");
        Assert.True(changes.Unacknowledged > 0, "no request was caught by a kill");
        Assert.Equal(0, audit.Unfinished);

        // No delivery without its committed change: each verified delivery is a committed event, byte for byte in meaning.
        foreach (var (id, webhook) in audit.Verified)
        {
            Assert.True(audit.Committed.TryGetValue(id, out var logged), $"{id} was delivered but no such event is committed");
            var payload = JsonNode.Parse(webhook.Body)!;
            Assert.Equal(id, payload.Str("id"));
            Assert.Equal(logged!.Type, payload.Str("type"));
            Assert.True(JsonNode.DeepEquals(logged.Data, payload["data"]), $"{id}: delivered data differs from the committed event");
        }

        // Every committed change is delivered, acknowledged or not.
        Assert.Empty(audit.Undelivered());

        // Every acknowledged change is in as many distinct verified deliveries as it was acknowledged.
        var delivered = audit.Verified.Values.SelectMany(w =>
        {
            var data = JsonNode.Parse(w.Body)!["data"]!;
            return data["tags"]!.AsArray().Select(t => new AcknowledgedChange(data["customer"]!.Str("id"), t!.Str("key"), t!.Str("action")));
        }).CountBy(c => c).ToDictionary();
        foreach (var (change, count) in acknowledged.CountBy(c => c))
        {
            Assert.True(delivered.GetValueOrDefault(change) >= count, $"{change} acknowledged {count} times but delivered {delivered.GetValueOrDefault(change)} times");
        }

        // Replaying the deliveries alone rebuilds every customer's tags as the database holds them.
        var rebuilt = audit.TagsFromDeliveries();
        foreach (var customer in customers)
        {
            Assert.Equal(audit.CurrentTags[customer], rebuilt.GetValueOrDefault(customer) ?? []);
        }

        // Segment membership: the member rows caught up with the tags, every announced entry or exit
        // is committed, every committed one delivered, and the deliveries alone rebuild the membership.
        output.WriteLine($"segment: {membership.Members.Count} members of {customers.Count}; {membership.Committed.Count} membership events committed, {membership.Verified.Count} verified deliveries");
        Assert.Equal(membership.Holders, membership.Members);
        Assert.True(membership.Committed.Count > 10, "too few membership changes for the test to mean anything");
        foreach (var (id, webhook) in membership.Verified)
        {
            Assert.True(membership.Committed.TryGetValue(id, out var logged), $"{id} was delivered but no such event is committed");
            Assert.True(JsonNode.DeepEquals(logged!.Data, JsonNode.Parse(webhook.Body)!["data"]), $"{id}: delivered data differs from the committed event");
        }

        Assert.Empty(membership.Undelivered());
        var parted = membership.Members.ToHashSet();
        parted.SymmetricExceptWith(membership.MembersFromDeliveries());
        Assert.True(parted.Count == 0, $"the deliveries rebuild a different membership than the rows hold: {membership.HistoryOf(parted.Order())}");
    }

    // Entries and exits are announced against the silent baseline of a new segment, so the chaos starts after it.
    private async Task BaselineWrittenAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "Segments" WHERE "MembersSyncedAt" IS NOT NULL""", connection);
        var synced = await Eventually.WaitForAsync(async () => (long)(await command.ExecuteScalarAsync())!, count => count > 0, TimeSpan.FromSeconds(30));
        Assert.True(synced > 0, "the new segment's membership baseline was never written");
    }

    private static async Task<string> TokenAsync(HttpClient http, JsonNode client)
    {
        using var response = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client.Str("clientId"), ["client_secret"] = client.Str("clientSecret"),
        }));
        return JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!.Str("access_token");
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string url, object body)
    {
        using var response = await http.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
