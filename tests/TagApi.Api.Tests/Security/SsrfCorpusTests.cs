using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// Webhook destinations a production server must refuse, through every way a URL gets in: REST create and
/// PATCH, GraphQL create and update. Addresses written as literals — loopback, private, link-local,
/// metadata, in every spelling — and plain http are refused by the URL check; names that lead inside
/// (localhost and its variants, metadata host names, wildcard DNS) need resolution at create and update,
/// so they have a test of their own that turns green with that change.
/// </summary>
public abstract class SsrfCorpusTests(TagApiFactory factory) : ProviderSuite(factory)
{
    /// <summary>A public address written as a literal: accepted now and after name resolution, and never delivered to (no event it subscribes to happens).</summary>
    private const string Public = "https://8.8.8.8/hook";

    public static readonly TheoryData<string> Literals =
    [
        "http://8.8.8.8/hook", "https://127.0.0.1/", "https://127.0.0.1:8443/x", "https://127.1/", "https://0177.0.0.1/", "https://0x7f000001/",
        "https://2130706433/", "https://017700000001/", "https://0.0.0.0/", "https://[::1]/", "https://[::]/", "https://[0:0:0:0:0:0:0:1]/",
        "https://[::ffff:127.0.0.1]/", "https://[::ffff:169.254.169.254]/", "https://10.0.0.1/", "https://172.16.0.1/", "https://172.31.255.255/",
        "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data/", "https://100.64.0.1/", "https://[fd00::1]/", "https://[fe80::1]/",
        "https://user:pass@8.8.8.8/", "ftp://8.8.8.8/", "file:///etc/passwd", "gopher://127.0.0.1:6379/_", "javascript:alert(1)", "/relative/hook", "",
    ];

    /// <summary>Names that lead to loopback, private or metadata addresses; refusing them needs the name resolved (or known to be reserved).</summary>
    public static readonly TheoryData<string> InternalNames =
    [
        "https://localhost/", "https://LOCALHOST/", "https://localhost./", "https://api.localhost/", "https://localhost.localdomain/",
        "https://metadata.google.internal/computeMetadata/v1/", "https://metadata/", "https://127.0.0.1.nip.io/", "https://10.0.0.1.sslip.io/",
    ];

    [Fact]
    public async Task A_public_https_destination_is_accepted()
    {
        var api = await Factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/webhook-endpoints", new { url = Public, eventTypes = new[] { "webhook_endpoint.disabled" } }, HttpStatusCode.Created);
        Assert.Equal(Public, created["endpoint"]!.Str("url"));
    }

    [Theory]
    [MemberData(nameof(Literals))]
    public Task Webhook_urls_with_literal_private_addresses_other_schemes_or_plain_http_are_refused_everywhere(string url) => AssertRefusedEverywhereAsync(url);

    /// <summary>Fails until webhook hosts are resolved (or recognised as reserved) when an endpoint is created or changed.</summary>
    [Theory]
    [MemberData(nameof(InternalNames))]
    public Task Webhook_urls_naming_internal_hosts_are_refused_everywhere(string url) => AssertRefusedEverywhereAsync(url);

    private async Task AssertRefusedEverywhereAsync(string url)
    {
        var api = await Factory.CreateTenantAsync();
        var existing = (await api.PostAsync("/v1/webhook-endpoints", new { url = Public, eventTypes = new[] { "webhook_endpoint.disabled" } }, HttpStatusCode.Created))["endpoint"]!.Str("id");
        var failures = new List<string>();

        var created = await Probe.SendAsync(api.Http, Json(HttpMethod.Post, "/v1/webhook-endpoints", new JsonObject { ["url"] = url }), Probe.Patient);
        failures.AddRange(RestRefusal(created, "REST create"));
        var patched = await Probe.SendAsync(api.Http, Json(HttpMethod.Patch, $"/v1/webhook-endpoints/{existing}", new JsonObject { ["url"] = url }), Probe.Patient);
        failures.AddRange(RestRefusal(patched, "REST PATCH"));

        var literal = GraphQLSchemaModel.Literal(url);
        var gqlCreate = await api.Http.PostGraphQLAsync($"mutation {{ createWebhookEndpoint(input: {{url: {literal}}}) {{ endpoint {{ id }} userErrors {{ code }} }} }}");
        failures.AddRange(GraphQLRefusal(gqlCreate.Body, "createWebhookEndpoint"));
        var gqlUpdate = await api.Http.PostGraphQLAsync($"mutation {{ updateWebhookEndpoint(id: \"{existing}\", input: {{url: {literal}}}) {{ endpoint {{ id }} userErrors {{ code }} }} }}");
        failures.AddRange(GraphQLRefusal(gqlUpdate.Body, "updateWebhookEndpoint"));

        Assert.Equal(Public, (await api.GetAsync($"/v1/webhook-endpoints/{existing}")).Str("url"));
        Assert.Single((await api.GetAsync("/v1/webhook-endpoints"))["data"]!.AsArray());
        Assert.True(failures.Count == 0, $"'{url}' was not refused everywhere:\n" + string.Join('\n', failures));
    }

    private static IEnumerable<string> RestRefusal(ProbeAnswer answer, string where)
    {
        if (Probe.RefusedAs(400, "validation_failed")(answer) is { } problem)
        {
            yield return $"{where}: {problem} — {answer}";
        }
    }

    private static IEnumerable<string> GraphQLRefusal(JsonNode body, string field)
    {
        var codes = body["data"]?[field]?["userErrors"]?.AsArray().Select(e => e!["code"]!.GetValue<string>()).ToList() ?? [];
        if (!codes.Contains("validation_failed") || body["data"]?[field]?["endpoint"] is not null)
        {
            yield return $"GraphQL {field}: {body.ToJsonString()}";
        }
    }

    private static HttpRequestMessage Json(HttpMethod method, string url, JsonNode body) =>
        new(method, url) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
}

/// <summary>A server in production mode for webhook destinations: no plain http, no private addresses.</summary>
public sealed class ProductionWebhooksSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Webhooks:AllowPrivateDestinations", "false")];
}

/// <inheritdoc cref="ProductionWebhooksSqliteFactory"/>
public sealed class ProductionWebhooksPostgresFactory : TagApiFactoryOnPostgres
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Webhooks:AllowPrivateDestinations", "false")];
}

public sealed class SsrfCorpusOnSqlite(ProductionWebhooksSqliteFactory factory) : SsrfCorpusTests(factory), IClassFixture<ProductionWebhooksSqliteFactory>;

public sealed class SsrfCorpusOnPostgres(ProductionWebhooksPostgresFactory factory) : SsrfCorpusTests(factory), IClassFixture<ProductionWebhooksPostgresFactory>;
