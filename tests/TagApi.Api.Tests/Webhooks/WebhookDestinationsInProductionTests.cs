using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// In production a webhook URL may only name a public destination: names reserved for the machine, the local network
/// or a metadata service, names that resolve inside the network, and private addresses in any spelling are refused
/// with 400 <c>validation_failed</c> on <c>url</c> — through REST create, PATCH and GraphQL alike.
/// </summary>
public sealed class WebhookDestinationsInProductionTests : IClassFixture<ProductionWebhooksFactory>
{
    private const string PublicName = "hooks.receiver-example.com";

    private readonly ProductionWebhooksFactory _factory;

    public WebhookDestinationsInProductionTests(ProductionWebhooksFactory factory)
    {
        _factory = factory;
        factory.Dns.Answer(PublicName, [ScriptedHostResolver.Public]);
        factory.Dns.Answer("127.0.0.1.nip.io", [IPAddress.Loopback]);
        factory.Dns.Answer("intranet-hooks.receiver-example.com", [IPAddress.Parse("10.0.0.7")]);
        factory.Dns.Answer("mixed.receiver-example.com", [ScriptedHostResolver.Public, IPAddress.Parse("192.168.1.20")]);
        factory.Dns.Answer("v6.receiver-example.com", [IPAddress.Parse("::ffff:169.254.169.254")]);
    }

    /// <summary>Each refused URL with a word its refusal must give as the reason.</summary>
    public static readonly (string Url, string Why)[] Refused =
    [
        ("https://localhost/hook", "loopback"),
        ("https://LOCALHOST/hook", "loopback"),
        ("https://localhost./hook", "loopback"),
        ("https://api.localhost/hook", "loopback"),
        ("https://metadata.google.internal/computeMetadata/v1/", "metadata"),
        ("https://metadata/computeMetadata/v1/", "single-label"),
        ("https://printer.local/hook", "local network"),
        ("https://127.0.0.1.nip.io/hook", "resolves to 127.0.0.1, a loopback"),
        ("https://intranet-hooks.receiver-example.com/hook", "resolves to 10.0.0.7, a private"),
        ("https://mixed.receiver-example.com/hook", "resolves to 192.168.1.20, a private"),
        ("https://v6.receiver-example.com/hook", "metadata"),
        ("https://unresolvable.receiver-example.com/hook", "could not be resolved"),
        ("https://127.0.0.1/hook", "loopback"),
        ("https://0x7f000001/hook", "loopback"),
        ("https://2130706433/hook", "loopback"),
        ("https://0177.0.0.1/hook", "loopback"),
        ("https://127.1/hook", "loopback"),
        ("https://0.0.0.0/hook", "unspecified"),
        ("https://10.1.2.3/hook", "private"),
        ("https://172.16.5.4/hook", "private"),
        ("https://192.168.0.1/hook", "private"),
        ("https://100.64.0.1/hook", "carrier-grade NAT"),
        ("https://169.254.169.254/latest/meta-data/", "metadata"),
        ("https://169.254.1.1/hook", "link-local"),
        ("https://192.0.2.10/hook", "documentation"),
        ("https://224.0.0.1/hook", "multicast"),
        ("https://[::1]/hook", "loopback"),
        ("https://[::]/hook", "unspecified"),
        ("https://[::ffff:127.0.0.1]/hook", "loopback"),
        ("https://[::ffff:7f00:1]/hook", "loopback"),
        ("https://[::127.0.0.1]/hook", "loopback"),
        ("https://[::ffff:10.0.0.1]/hook", "private"),
        ("https://[64:ff9b::a9fe:a9fe]/hook", "metadata"),
        ("https://[2002:7f00:1::]/hook", "loopback"),
        ("https://[fd00:ec2::254]/hook", "metadata"),
        ("https://[fc00::1]/hook", "unique local"),
        ("https://[fe80::1]/hook", "link-local"),
        ("https://[ff02::1]/hook", "multicast"),
        ("https://[2001:db8::1]/hook", "documentation"),
        ("http://hooks.receiver-example.com/hook", "https://"),
    ];

    [Fact]
    public async Task Creating_an_endpoint_for_an_inside_destination_is_refused_with_the_reason()
    {
        var api = await _factory.CreateTenantAsync();
        foreach (var (url, why) in Refused)
        {
            var problem = await api.PostAsync("/v1/webhook-endpoints", new { url }, HttpStatusCode.BadRequest);
            AssertRefused(problem, url, why);
        }

        Assert.Empty((await api.GetAsync("/v1/webhook-endpoints"))["data"]!.AsArray());
    }

    [Fact]
    public async Task Changing_an_endpoint_to_an_inside_destination_is_refused_and_keeps_its_url()
    {
        var api = await _factory.CreateTenantAsync();
        var id = (await api.PostAsync("/v1/webhook-endpoints", new { url = $"https://{PublicName}/hook" }, HttpStatusCode.Created))["endpoint"]!.Str("id");
        foreach (var (url, why) in Refused)
        {
            var problem = await api.PatchAsync($"/v1/webhook-endpoints/{id}", new { url }, HttpStatusCode.BadRequest);
            AssertRefused(problem, url, why);
        }

        Assert.Equal($"https://{PublicName}/hook", (await api.GetAsync($"/v1/webhook-endpoints/{id}")).Str("url"));
    }

    [Fact]
    public async Task GraphQL_refuses_inside_destinations_as_a_url_error()
    {
        var api = await _factory.CreateTenantAsync();
        var id = (await api.GraphQLAsync($$"""mutation { createWebhookEndpoint(input: { url: "https://{{PublicName}}/hook" }) { endpoint { id } } }"""))
            ["createWebhookEndpoint"]!["endpoint"]!.Str("id");
        foreach (var (url, why) in Refused)
        {
            var created = await api.GraphQLAsync(
                "mutation($u: String!) { createWebhookEndpoint(input: { url: $u }) { endpoint { id } userErrors { field code message } } }", new { u = url });
            AssertUserError(created["createWebhookEndpoint"]!, url, why);
            var updated = await api.GraphQLAsync(
                "mutation($id: ID!, $u: String!) { updateWebhookEndpoint(id: $id, input: { url: $u }) { endpoint { id } userErrors { field code message } } }",
                new { id, u = url });
            AssertUserError(updated["updateWebhookEndpoint"]!, url, why);
        }
    }

    [Fact]
    public async Task A_name_that_resolves_to_a_public_address_is_accepted()
    {
        var api = await _factory.CreateTenantAsync();
        var before = _factory.Dns.LookupsOf(PublicName);
        var created = await api.PostAsync("/v1/webhook-endpoints", new { url = $"https://{PublicName}:8443/hook?tenant=1" }, HttpStatusCode.Created);

        Assert.StartsWith("whsec_", created.Str("secret"), StringComparison.Ordinal);
        Assert.True(_factory.Dns.LookupsOf(PublicName) > before, "the name was resolved when the endpoint was written");
        await api.PostAsync("/v1/webhook-endpoints", new { url = "https://[2606:4700::1111]/hook" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/webhook-endpoints", new { url = "https://93.184.215.14/hook" }, HttpStatusCode.Created);
    }

    private static void AssertRefused(JsonNode problem, string url, string why)
    {
        Assert.True(problem.Str("code") == "validation_failed", $"{url}: {problem.ToJsonString()}");
        var message = problem["errors"]?["url"]?[0]?.GetValue<string>();
        Assert.True(message?.Contains(why, StringComparison.Ordinal) == true, $"{url}: expected '{why}' in {problem.ToJsonString()}");
    }

    private static void AssertUserError(JsonNode payload, string url, string why)
    {
        var error = payload["userErrors"]?.AsArray().FirstOrDefault();
        Assert.True(payload["endpoint"] is null && error is not null, $"{url}: {payload.ToJsonString()}");
        Assert.True(error!.Str("field") == "input.url" && error.Str("code") == "validation_failed", $"{url}: {payload.ToJsonString()}");
        Assert.True(error.Str("message").Contains(why, StringComparison.Ordinal), $"{url}: expected '{why}' in {payload.ToJsonString()}");
    }
}
