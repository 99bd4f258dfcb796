using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using TagApi.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>
/// Exactly once under SIGKILL: a real server process on PostgreSQL is killed while it works through an activities
/// import whose lines carry no externalId (so a line applied twice would be stored twice), and started again. The job
/// resumes from its checkpoint and the final data equals one clean import: every activity once, metrics folded once,
/// and no event twice.
/// </summary>
public sealed class ResumingAfterSigkillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Customers = 500;
    private const int Activities = 40_000;
    private const int Kills = 2;
    private readonly PostgresTestDatabase _database = new();

    public Task InitializeAsync() => _database.CreateAsync();

    public Task DisposeAsync() => _database.DropAsync();

    [Fact]
    public async Task A_job_killed_mid_import_resumes_on_restart_without_applying_a_line_twice()
    {
        using var rsa = RSA.Create(2048);
        using var server = new ServerProcess(new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:TagApi"] = _database.ConnectionString,
            ["Auth:SigningKey"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["Demo:SeedOnFirstStart"] = "false",
            ["RateLimiting:PermitsPerSecond"] = "100000",
            ["RateLimiting:Burst"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            // A killed instance's claim lapses after the lease; a short one keeps recovery inside the test's time.
            ["BulkJobs:LeaseSeconds"] = "3",
            ["BulkJobs:PollMilliseconds"] = "200",
        });

        await server.RunCommandAsync("admin", "create-tenant", "bulk");
        var client = await server.RunCommandAsync("admin", "create-client", "bulk", "--scopes", "customers:read customers:write activities:write");
        await server.StartAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, client));

        var customers = await UploadAsync(http, "customers.import", Enumerable.Range(0, Customers).Select(i => $$"""{"externalId":"k{{i}}"}"""));
        await WaitAsync(http, customers, j => j.Str("status") == "succeeded", TimeSpan.FromSeconds(60));
        var job = await UploadAsync(http, "activities.import", Enumerable.Range(0, Activities)
            .Select(i => $$"""{"customerExternalId":"k{{i % Customers}}","type":"purchase","amount":1}"""));

        for (var kill = 0; kill < Kills; kill++)
        {
            // Killed once the job is under way, and again after it has resumed and gone further.
            var before = await WaitAsync(http, job, j => j["processed"]!.GetValue<long>() > (kill + 1) * Activities / 5, TimeSpan.FromSeconds(120));
            server.Kill();
            output.WriteLine($"killed at {before["processed"]} of {Activities} processed");
            await server.StartAsync(TimeSpan.FromSeconds(60));
        }

        var done = await WaitAsync(http, job, j => j.Str("status") is "succeeded" or "failed", TimeSpan.FromSeconds(180));
        output.WriteLine($"finished: {done.ToJsonString()}; server started {server.Starts} times");

        Assert.Equal(Kills, server.Kills);
        Assert.Equal(("succeeded", (long)Activities, 0L), (done.Str("status"), done["processed"]!.GetValue<long>(), done["errors"]!.GetValue<long>()));
        Assert.Equal((long)Activities, done["result"]!["recorded"]!.GetValue<long>());
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal((long)Activities, await ScalarAsync(connection, """SELECT count(*) FROM "Activities" """));
        Assert.Equal((long)Activities, await ScalarAsync(connection, """SELECT coalesce(sum("OrderCount"), 0) FROM "Customers" """));
        Assert.Equal((long)Customers, await ScalarAsync(connection, """SELECT count(*) FROM "Events" WHERE "Type" = 'customer.created'"""));
        Assert.Equal(2L, await ScalarAsync(connection, """SELECT count(*) FROM "Events" WHERE "Type" = 'bulk_job.completed'"""));
        var sample = await http.GetStringAsync(new Uri("/v1/customers/by-external-id/k7", UriKind.Relative));
        Assert.Equal(Activities / Customers, JsonNode.Parse(sample)!["metrics"]!["orderCount"]!.GetValue<int>());
    }

    private static async Task<JsonNode> UploadAsync(HttpClient http, string kind, IEnumerable<string> lines)
    {
        using var content = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        using var response = await http.PostAsync(new Uri($"/v1/bulk-jobs?kind={kind}", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 202, $"upload: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> WaitAsync(HttpClient http, JsonNode job, Func<JsonNode, bool> done, TimeSpan timeout)
    {
        var read = await Eventually.WaitForAsync(async () =>
        {
            try
            {
                return JsonNode.Parse(await http.GetStringAsync(new Uri($"/v1/bulk-jobs/{job.Str("id")}", UriKind.Relative)))!;
            }
            catch (HttpRequestException)
            {
                return job;
            }
        }, done, timeout);
        Assert.True(done(read), $"the job did not get there in time: {read.ToJsonString()}");
        return read;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> TokenAsync(HttpClient http, JsonNode client)
    {
        using var response = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client.Str("clientId"), ["client_secret"] = client.Str("clientSecret"),
        }));
        return JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!.Str("access_token");
    }
}
