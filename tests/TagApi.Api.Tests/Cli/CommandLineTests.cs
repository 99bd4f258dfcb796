using System.Text.Json.Nodes;
using TagApi.Api.Cli;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Cli;

public sealed class CommandLineTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    [Fact]
    public async Task Operator_commands_print_one_json_line_and_the_client_can_sign_in()
    {
        var slug = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var (code, output, _) = await RunAsync("admin", "create-tenant", slug, "--name", "CLI shop");
        Assert.Equal(0, code);
        var tenant = JsonNode.Parse(output.Trim())!;
        Assert.Equal(slug, tenant.Str("slug"));
        Assert.StartsWith("ten_", tenant.Str("tenantId"));

        (code, output, _) = await RunAsync("admin", "create-client", slug, "--scopes", "tags:read tags:write", "--name", "sync");
        Assert.Equal(0, code);
        var client = JsonNode.Parse(output.Trim())!;
        using var http = factory.CreateClient();
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client.Str("clientId"), ["client_secret"] = client.Str("clientSecret"),
        }));
        Assert.True(response.IsSuccessStatusCode);

        (code, output, _) = await RunAsync("migrate");
        Assert.Equal(0, code);
        Assert.Equal("{\"migrated\":true}", output.Trim());
    }

    [Fact]
    public async Task Bad_operator_input_fails_with_a_message()
    {
        var (code, _, error) = await RunAsync("admin", "create-client", "no-such-tenant", "--scopes", "tags:read");
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        (code, _, error) = await RunAsync("admin", "create-tenant", "Bad Slug");
        Assert.Equal(1, code);
        Assert.Contains("slug", error, StringComparison.Ordinal);
        (code, _, _) = await RunAsync("admin", "explode");
        Assert.Equal(2, code);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(factory.Services, args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
