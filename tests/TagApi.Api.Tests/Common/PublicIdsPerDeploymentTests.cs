using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Common;

/// <summary>
/// Public ids are keyed by the deployment's server key: two deployments (real server processes, each on a database of
/// its own) give their first tenant and first customer different ids, and each answers to its own ids only.
/// </summary>
public sealed class PublicIdsPerDeploymentTests
{
    [Fact]
    public async Task Two_deployments_give_their_first_customer_different_ids()
    {
        var first = await FirstRowsAsync();
        var second = await FirstRowsAsync();

        Assert.NotEqual(first.TenantId, second.TenantId);
        Assert.NotEqual(first.CustomerId, second.CustomerId);
        Assert.StartsWith("cus_", first.CustomerId, StringComparison.Ordinal);
        Assert.StartsWith("ten_", first.TenantId, StringComparison.Ordinal);
    }

    private static async Task<(string TenantId, string CustomerId)> FirstRowsAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tagapi-ids-{Guid.NewGuid():N}.db");
        using var rsa = RSA.Create(2048);
        try
        {
            using var server = new ServerProcess(new Dictionary<string, string>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:TagApi"] = $"Data Source={path}",
                ["Auth:SigningKey"] = rsa.ExportPkcs8PrivateKeyPem(),
                ["Demo:SeedOnFirstStart"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            var tenantId = (await server.RunCommandAsync("admin", "create-tenant", "first")).Str("tenantId");
            var client = await server.RunCommandAsync("admin", "create-client", "first", "--scopes", "customers:read customers:write");
            await server.StartAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            using var token = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = client.Str("clientId"), ["client_secret"] = client.Str("clientSecret"),
            }));
            var accessToken = JsonNode.Parse(await token.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!.Str("access_token");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

            using var created = await http.PutAsJsonAsync(new Uri("/v1/customers/by-external-id/first", UriKind.Relative), new { });
            var customerId = JsonNode.Parse(await created.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!.Str("id");
            using var read = await http.GetAsync(new Uri($"/v1/customers/{customerId}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            return (tenantId, customerId);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
