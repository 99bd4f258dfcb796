using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.OpenApi;

public sealed class OpenApiContractTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task The_served_document_equals_the_committed_spec()
    {
        var served = await ServedAsync();
        var path = RepositoryFiles.PathOf("api-specs/openapi/v1.json");
        var text = served.ToJsonString(Indented) + "\n";
        if (RepositoryFiles.Updating)
        {
            await File.WriteAllTextAsync(path, text);
        }

        Assert.True(File.Exists(path), "api-specs/openapi/v1.json is missing; run scripts/update-specs.sh.");
        Assert.True(text == await File.ReadAllTextAsync(path),
            "The running app's OpenAPI document differs from api-specs/openapi/v1.json. If the change is deliberate, run scripts/update-specs.sh and commit the result.");
    }

    [Fact]
    public async Task Every_operation_has_a_stable_id_scopes_and_problem_responses()
    {
        var served = await ServedAsync();
        var operations = served["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Op: o.Value!))).ToList();
        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty(o.Op["operationId"]?.GetValue<string>()), o.Path));
        Assert.Equal(operations.Count, operations.Select(o => o.Op["operationId"]!.GetValue<string>()).Distinct().Count());
        foreach (var (path, op) in operations.Where(o => o.Path.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            Assert.NotNull(op["security"]);
            Assert.NotNull(op["responses"]!["403"]);
            Assert.NotNull(op["responses"]!["429"]!["headers"]!["Retry-After"]);
            Assert.True(op["responses"]!["403"]!["content"]!["application/problem+json"] is not null, path);
        }

        Assert.Equal("oauth2", served["components"]!["securitySchemes"]!["oauth2"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Interactive_docs_are_served()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonNode> ServedAsync()
    {
        // The committed document describes the local development server (README: http://localhost:5080).
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost:5080") });
        using var response = await client.GetAsync("/openapi/v1.json");
        return await client.ExpectAsync(response, HttpStatusCode.OK);
    }
}
