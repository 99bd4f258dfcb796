using System.Globalization;
using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Api.Tests.Webhooks;

namespace TagApi.Api.Tests.Telemetry;

/// <summary>TagApi exporting over OTLP/HTTP to a loopback collector and serving Prometheus on a port of its own.</summary>
public sealed class TelemetrySqliteFactory : TagApiFactoryOnSqlite
{
    public OtlpReceiver Collector { get; } = new();

    public int PrometheusPort { get; } = OtlpReceiver.FreePort();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Telemetry:OtlpEndpoint", $"http://127.0.0.1:{Collector.Port}"),
        new("Telemetry:MetricsExportSeconds", "1"),
        new("Telemetry:PrometheusPort", PrometheusPort.ToString(CultureInfo.InvariantCulture)),
        new("Telemetry:SampleSeconds", "1"),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Collector.Dispose();
    }
}

public sealed class TelemetryTests(TelemetrySqliteFactory factory) : IClassFixture<TelemetrySqliteFactory>
{
    [Fact]
    public async Task Prometheus_scrapes_request_and_index_metrics_on_its_own_port()
    {
        var api = await factory.CreateTenantAsync();
        await api.PostAsync("/v1/segments/query", new { query = "country = 'DE'", limit = 0 }, HttpStatusCode.OK);
        using var scraper = new HttpClient();

        var page = await Eventually.WaitForAsync(
            () => scraper.GetStringAsync(new Uri($"http://localhost:{factory.PrometheusPort}/metrics")),
            text => text.Contains("tagapi_index_builds", StringComparison.Ordinal));

        Assert.Contains("tagapi_index_builds", page, StringComparison.Ordinal);
        Assert.Contains("tagapi_index_memory_bytes{", page, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", page, StringComparison.Ordinal);
        // Not on the API's own address: the scrape endpoint is kept apart.
        using var onApi = await api.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, onApi.StatusCode);
    }

    [Fact]
    public async Task Prometheus_scrapes_the_outbox_rule_and_membership_metrics_once_a_webhook_is_delivered_and_a_rule_runs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "customer.tags.added" } }, HttpStatusCode.Created);
        await api.CreateTagAsync("shanghai");
        await api.PostAsync("/v1/rules", new { key = "in_shanghai", name = "In Shanghai", tag = "shanghai", condition = "city = 'Shanghai'" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/segments", new { key = "shanghai", name = "Shanghai", query = "tag = 'shanghai'" }, HttpStatusCode.Created);
        // The rule tags the customer, and that tag is what the receiver is sent.
        await api.UpsertCustomerAsync("shop-1", new { name = "Li Lei", city = "Shanghai" });
        await receiver.WaitForAsync(r => r.Body.Contains("customer.tags.added", StringComparison.Ordinal));
        using var scraper = new HttpClient();

        string[] names =
        [
            "tagapi_webhooks_delivery_latency_seconds_bucket", "tagapi_webhooks_backlog", "tagapi_webhooks_backlog_age_seconds",
            "tagapi_rules_staleness_seconds", "tagapi_segments_membership_lag_seconds",
        ];
        var page = await Eventually.WaitForAsync(
            () => scraper.GetStringAsync(new Uri($"http://localhost:{factory.PrometheusPort}/metrics")),
            text => names.All(n => text.Contains(n, StringComparison.Ordinal)));

        Assert.All(names, n => Assert.Contains(n, page, StringComparison.Ordinal));
        // The delivery above was counted in the latency histogram.
        Assert.Matches(@"tagapi_webhooks_delivery_latency_seconds_count\{[^}]*\} [1-9]", page);
    }

    [Fact]
    public async Task Traces_and_metrics_reach_the_otlp_collector()
    {
        var api = await factory.CreateTenantAsync();
        await api.GetAsync("/v1/tags");

        var received = await Eventually.WaitForAsync(
            () => Task.FromResult(factory.Collector.Received.ToArray()),
            r => r.Any(x => x.StartsWith("POST /v1/traces", StringComparison.Ordinal)) && r.Any(x => x.StartsWith("POST /v1/metrics", StringComparison.Ordinal)));

        Assert.Contains(received, r => r == "POST /v1/traces application/x-protobuf");
        Assert.Contains(received, r => r == "POST /v1/metrics application/x-protobuf");
    }
}
