using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TagApi.Api.OpenApi;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.OpenApi;

/// <summary>
/// What client generators rely on in the document (PRODUCT.md §2.5): typed problems with every code
/// the server can send, one success schema per operation, required and nullable members, no .NET
/// types, descriptions everywhere, an absolute token URL.
/// </summary>
public sealed partial class GeneratorReadyDocumentTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    [Fact]
    public async Task Every_problem_response_is_a_typed_problem_whose_code_enum_holds_every_code_the_sources_use()
    {
        var document = await OpenApiDocument.ServedAsync(factory);
        var codes = document["components"]!["schemas"]!["ProblemCode"]!["enum"]!.AsArray().Select(c => c!.GetValue<string>()).ToHashSet();
        Assert.Equal(ProblemCodes.All.ToHashSet(), codes);

        var used = Directory.EnumerateFiles(RepositoryFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => CodeLiteral().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Code: m.Groups["code"].Value)))
            .ToList();
        Assert.True(used.Count > 20, "the scan found too few problem codes to be working");
        Assert.All(used, u => Assert.True(codes.Contains(u.Code), $"{u.File} uses problem code '{u.Code}', missing from ProblemCodes.All"));

        foreach (var (path, method, operation) in OpenApiDocument.Operations(document).Where(o => o.Path.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            var problems = operation["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5').ToList();
            Assert.Contains(problems, r => r.Key == "400");
            Assert.All(problems, r => Assert.Equal("#/components/schemas/Problem",
                r.Value!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>()));
            Assert.NotNull(operation["responses"]!["429"]!["headers"]!["Retry-After"]);
            Assert.True(operation["description"]?.GetValue<string>().Length > 10, $"{method} {path} has no description");
        }
    }

    [Fact]
    public async Task Each_operation_has_one_success_schema_and_members_say_whether_they_are_required_and_nullable()
    {
        var document = await OpenApiDocument.ServedAsync(factory);
        foreach (var (path, method, operation) in OpenApiDocument.Operations(document))
        {
            var successSchemas = operation["responses"]!.AsObject().Where(r => r.Key[0] == '2')
                .SelectMany(r => r.Value!["content"]?.AsObject().Select(c => c.Value!["schema"]!.ToJsonString()) ?? [])
                .Distinct().ToList();
            Assert.True(successSchemas.Count <= 1 || path.EndsWith("/export", StringComparison.Ordinal) || path.EndsWith("/download", StringComparison.Ordinal), $"{method} {path}: {string.Join(", ", successSchemas)}");
        }

        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.DoesNotContain(schemas, s => s.Key.StartsWith("Json", StringComparison.Ordinal) && s.Key != "JsonObject");
        Assert.DoesNotContain(schemas, s => s.Key is "ProblemDetails" or "ActivityRequest");
        var customer = schemas["CustomerResponse"]!;
        var required = customer["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains("id", required);
        Assert.Contains("tags", required);
        Assert.Null(customer["properties"]!["id"]!["nullable"]);
        Assert.Equal(true, customer["properties"]!["name"]!["nullable"]?.GetValue<bool>());
        Assert.Equal(true, customer["properties"]!["source"]!["nullable"]?.GetValue<bool>());
        Assert.Equal("#/components/schemas/JsonObject", customer["properties"]!["attributes"]!["$ref"]!.GetValue<string>());

        var input = schemas["CustomerInput"]!;
        Assert.Null(input["required"]);
        Assert.Null(input["properties"]!["externalId"]!["nullable"]);
        Assert.Equal(true, input["properties"]!["birthDate"]!["nullable"]?.GetValue<bool>());
        Assert.DoesNotContain(schemas.Where(s => s.Key.EndsWith("Request", StringComparison.Ordinal) || s.Key.EndsWith("Input", StringComparison.Ordinal)),
            s => s.Value!["properties"]?.AsObject().Any(p => p.Value!["readOnly"] is not null) == true);
        Assert.Equal(["activities"], schemas["RecordActivitiesRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Scopes_tags_and_parameters_are_described_and_the_token_url_is_absolute()
    {
        var document = await OpenApiDocument.ServedAsync(factory);
        var flow = document["components"]!["securitySchemes"]!["oauth2"]!["flows"]!["clientCredentials"]!;
        Assert.Equal("http://localhost:5080/connect/token", flow["tokenUrl"]!.GetValue<string>());
        Assert.All(flow["scopes"]!.AsObject(), s => Assert.NotEqual(s.Key, s.Value!.GetValue<string>()));
        Assert.Equal(Scopes.All, flow["scopes"]!.AsObject().Select(s => s.Key));
        // The token endpoint's own page says what each scope allows, in the scheme's words, not just their names.
        var tokenDocs = document["paths"]!["/connect/token"]!["post"]!["description"]!.GetValue<string>();
        Assert.All(flow["scopes"]!.AsObject(), s => Assert.Contains($"`{s.Key}`: {s.Value!.GetValue<string>()}", tokenDocs, StringComparison.Ordinal));
        Assert.NotEmpty(document["servers"]!.AsArray());
        Assert.All(document["tags"]!.AsArray(), t => Assert.False(string.IsNullOrEmpty(t!["description"]?.GetValue<string>()), t!["name"]!.GetValue<string>()));
        Assert.NotNull(document["paths"]!["/connect/token"]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"]);

        foreach (var (path, method, operation) in OpenApiDocument.Operations(document))
        {
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                var resolved = OpenApiDocument.Resolve(document, parameter!);
                Assert.False(string.IsNullOrEmpty(resolved["description"]?.GetValue<string>()), $"{method} {path} {resolved["name"]}");
            }

            var writes = method is "post" or "put" or "patch" or "delete";
            if (writes && path.StartsWith("/v1/", StringComparison.Ordinal))
            {
                Assert.Contains(operation["parameters"]!.AsArray(), p => p!["$ref"]?.GetValue<string>() == "#/components/parameters/Idempotency-Key");
                var json = operation["requestBody"]?["content"]?["application/json"];
                Assert.True(json is null || json["example"] is not null, $"{method} {path} has no request example");
            }
        }
    }

    [Fact]
    public async Task The_batch_and_single_activity_forms_both_still_work_on_the_original_path()
    {
        var api = await factory.CreateTenantAsync();
        await api.UpsertCustomerAsync("act-1");
        var single = await api.PostAsync("/v1/activities", new { customerExternalId = "act-1", type = "visit", externalId = "v-1" }, System.Net.HttpStatusCode.Created);
        Assert.False(single["duplicate"]!.GetValue<bool>());
        var legacy = await api.PostAsync("/v1/activities", new { activities = new[] { new { customerExternalId = "act-1", type = "visit", externalId = "v-1" } } });
        Assert.Equal(1, legacy["duplicates"]!.GetValue<int>());
        var batch = await api.PostAsync("/v1/activities/batch", new { activities = new[] { new { customerExternalId = "act-1", type = "visit", externalId = "v-2" } } });
        Assert.Equal(1, batch["recorded"]!.GetValue<int>());
    }

    [Fact]
    public async Task Success_and_problem_answers_carry_the_rate_limit_headers_the_document_promises()
    {
        var api = await factory.CreateTenantAsync();
        foreach (var (url, status) in new[] { ("/v1/tags", 200), ("/v1/tags/no_such_tag", 404), ("/v1/tags?limit=0", 400) })
        {
            using var response = await api.Http.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(status, (int)response.StatusCode);
            Assert.True(response.Headers.Contains("RateLimit") && response.Headers.Contains("RateLimit-Policy"), $"{url}: {response.Headers}");
        }
    }

    // Codes handed to problems and business exceptions: ProblemResults.Create(ctx, status, "code", …),
    // new XxxException("code", …), : TagApiException("code", …) and ErrorCode constants.
    [GeneratedRegex("""(?:ProblemResults\.Create\([^,]+,\s*[^,]+,\s*|(?<!ValidationFailed)Exception\(\s*|ErrorCode\s*=\s*)"(?<code>[a-z]+(?:_[a-z]+)*)"(?!\s*\])""")]
    private static partial Regex CodeLiteral();
}
