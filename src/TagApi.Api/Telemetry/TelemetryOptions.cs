using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;

namespace TagApi.Api.Telemetry;

/// <summary>
/// Traces and metrics (the <c>Telemetry</c> section): sent over OTLP when <see cref="OtlpEndpoint"/> is set, and
/// served for Prometheus on a port of their own when <see cref="PrometheusPort"/> is set. With neither, nothing is
/// collected.
/// </summary>
public sealed class TelemetryOptions : ISettingsSection
{
    public static string SectionName => "Telemetry";

    /// <summary>The OTLP collector's base address (<c>http://collector:4318</c> for HTTP, <c>:4317</c> for gRPC).</summary>
    [SettingDefault("(none)")]
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> or <c>grpc</c>.</summary>
    [RegularExpression("^(http/protobuf|grpc)$")]
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>
    /// The port of a Prometheus scrape endpoint (<c>/metrics</c>) served apart from the API, so that it needs no token
    /// and can be kept off the public network.
    /// </summary>
    [SettingDefault("(none)")]
    [Range(1, 65_535)]
    public int? PrometheusPort { get; set; }

    /// <summary>The host name the Prometheus endpoint answers on (<c>+</c> for every interface).</summary>
    [Required]
    public string PrometheusHost { get; set; } = "localhost";

    /// <summary>How often metrics are pushed over OTLP, in seconds.</summary>
    [Range(1, 3600)]
    public int MetricsExportSeconds { get; set; } = 60;

    /// <summary>
    /// How often the queue gauges (webhook backlog, rule staleness, membership lag) are read from the database, in
    /// seconds: a few small queries per interval, whatever the traffic and however often metrics are scraped.
    /// </summary>
    [Range(1, 3600)]
    public int SampleSeconds { get; set; } = 15;

    /// <summary>The service name on every trace and metric.</summary>
    [Required]
    public string ServiceName { get; set; } = "tagapi";

    /// <summary>
    /// Serve <c>/diagnostics/memory</c> (the live heap after a full collection, the GC's figures, each loaded index's
    /// report), <c>/diagnostics/memory/evict</c> and <c>/diagnostics/gc-pauses</c> (every collection's pause since start,
    /// from the runtime's GC events) without a token, for benchmarks and capacity tests. Each memory call blocks the
    /// process for a full collection: never turn it on where the public can reach it.
    /// </summary>
    public bool MemoryDiagnostics { get; set; }
}
