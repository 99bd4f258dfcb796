using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.OpenApi;

/// <summary>
/// The limits the OpenAPI document states are the limits the server enforces: for every request
/// body member and query parameter with a <c>maxLength</c>, <c>maxItems</c> or <c>maximum</c>, a value
/// just past it (built from the operation's own example) is refused with 400 <c>validation_failed</c>
/// naming that member, and the example itself stays within every limit.
/// </summary>
public sealed class DocumentedLimitsTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    [Fact]
    public async Task A_body_member_one_past_its_documented_limit_is_refused_naming_the_member()
    {
        var document = await OpenApiDocument.ServedAsync(factory);
        var api = await factory.CreateTenantAsync();
        var checkedMembers = new List<string>();
        foreach (var (path, method, operation) in OpenApiDocument.Operations(document))
        {
            if (operation["requestBody"]?["content"]?["application/json"] is not { } media || media["example"] is not JsonObject example)
            {
                continue;
            }

            var schema = OpenApiDocument.Resolve(document, media["schema"]!);
            foreach (var (member, memberSchema) in schema["properties"]!.AsObject())
            {
                if (TooBig(OpenApiDocument.Resolve(document, memberSchema!), example[member]) is not { } value)
                {
                    continue;
                }

                var body = example.DeepClone().AsObject();
                body[member] = value;
                var url = OpenApiDocument.FillPath(path);
                var problem = await api.SendAsync(new HttpMethod(method.ToUpperInvariant()), url, body, HttpStatusCode.BadRequest);
                Assert.True(problem.Str("code") == "validation_failed" && problem["errors"]?[member] is not null,
                    $"{method} {path} with {member} past its limit: {problem.ToJsonString()}");
                checkedMembers.Add($"{operation["operationId"]}.{member}");
            }
        }

        // A guard against a vacuous pass: the customer sync, tags and batches are all covered.
        Assert.Contains("UpsertCustomer.name", checkedMembers);
        Assert.Contains("CreateTag.key", checkedMembers);
        Assert.Contains("ApplyTagAssignments.add", checkedMembers);
        Assert.Contains("RecordActivities.activities", checkedMembers);
        Assert.Contains("CreateWebhookEndpoint.url", checkedMembers);
    }

    [Fact]
    public async Task A_query_parameter_one_past_its_documented_limit_is_refused_naming_the_parameter()
    {
        var document = await OpenApiDocument.ServedAsync(factory);
        var api = await factory.CreateTenantAsync();
        var checkedParameters = 0;
        foreach (var (path, method, operation) in OpenApiDocument.Operations(document).Where(o => o.Method == "get"))
        {
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                var resolved = OpenApiDocument.Resolve(document, parameter!);
                // Past a few KB the URL itself is refused (414) before any parameter is read.
                if (resolved["in"]!.GetValue<string>() != "query" || TooBig(resolved["schema"]!, null) is not { } value || value.ToJsonString().Length > 4000)
                {
                    continue;
                }

                var name = resolved["name"]!.GetValue<string>();
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? Uri.EscapeDataString(s) : value.ToJsonString();
                var problem = await api.GetAsync($"{OpenApiDocument.FillPath(path)}?{name}={text}", HttpStatusCode.BadRequest);
                Assert.True(problem.Str("code") == "validation_failed" && problem["errors"]?[name] is not null,
                    $"GET {path}?{name} past its limit: {problem.ToJsonString()}");
                checkedParameters++;
            }
        }

        Assert.True(checkedParameters >= 20, $"only {checkedParameters} query parameters were checked");
    }

    [Fact]
    public async Task Query_parameters_are_camel_case_and_the_older_pascal_case_names_still_bind()
    {
        var document = await OpenApiDocument.ServedAsync(factory);
        var names = OpenApiDocument.Operations(document)
            .SelectMany(o => o.Operation["parameters"]?.AsArray() ?? [])
            .Select(p => OpenApiDocument.Resolve(document, p!))
            .Where(p => p["in"]!.GetValue<string>() == "query")
            .Select(p => p["name"]!.GetValue<string>()).Distinct().ToList();
        Assert.All(names, n => Assert.True(char.IsLower(n[0]), n));
        Assert.Contains("includeArchived", names);

        var api = await factory.CreateTenantAsync();
        await api.CreateTagAsync("camel_case_probe");
        Assert.Equal(["camel_case_probe"], (await api.GetAsync("/v1/tags?q=camel_case")).Keys());
        Assert.Equal(["camel_case_probe"], (await api.GetAsync("/v1/tags?Q=camel_case&IncludeArchived=true")).Keys());
    }

    /// <summary>A JSON value just past the schema's documented limit, or null when it states none that a value can exceed.</summary>
    private static JsonNode? TooBig(JsonNode schema, JsonNode? example)
    {
        if (schema["maxLength"] is { } maxLength && schema["format"]?.GetValue<string>() is not ("date" or "date-time" or "binary"))
        {
            return JsonValue.Create(new string('a', maxLength.GetValue<int>() + 1));
        }

        if (schema["maxItems"] is { } maxItems && maxItems.GetValue<long>() < 100_000)
        {
            // Repeat the example's own first item (a valid one); plain strings can be anything short.
            var item = example is JsonArray { Count: > 0 } sample ? sample[0]!
                : schema["items"]?["type"]?.GetValue<string>() == "string" ? JsonValue.Create("x") : null;
            return item is null ? null : new JsonArray(Enumerable.Range(0, maxItems.GetValue<int>() + 1).Select(_ => item.DeepClone()).ToArray());
        }

        if (schema["type"]?.GetValue<string>() == "integer" && schema["maximum"] is { } maximum && maximum.GetValue<long>() < int.MaxValue)
        {
            return JsonValue.Create(maximum.GetValue<long>() + 1);
        }

        return null;
    }
}
