using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TagApi.Api.Configuration;
using TagApi.Core.Telemetry;

namespace TagApi.Api.Telemetry;

public static class TelemetryServices
{
    /// <summary>
    /// OpenTelemetry traces and metrics — ASP.NET Core, HttpClient (webhook deliveries), Npgsql, the runtime and
    /// TagApi's own (<see cref="TagApiTelemetry"/>, <see cref="NodeMetrics"/>) — to the exporters
    /// <see cref="TelemetryOptions"/> configures; nothing at all when it configures none.
    /// </summary>
    public static IServiceCollection AddTagApiTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.ReadSettings<TelemetryOptions>();
        // Created only where the diagnostics endpoints ask for it; the host disposes it (and its runtime subscription).
        services.AddSingleton<GcPauseRecorder>();
        if (options.OtlpEndpoint is null && options.PrometheusPort is null)
        {
            return services;
        }

        services.AddHostedService<NodeMetrics>();
        services.AddHostedService<QueueMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(TagApiTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql();
                if (options.OtlpEndpoint is { } endpoint)
                {
                    tracing.AddOtlpExporter(o => Point(o, options, endpoint, "v1/traces"));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TagApiTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddNpgsqlInstrumentation();
                if (options.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter((o, reader) =>
                    {
                        Point(o, options, endpoint, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.MetricsExportSeconds * 1000;
                    });
                }

                if (options.PrometheusPort is { } port)
                {
                    metrics.AddPrometheusHttpListener(o =>
                    {
                        o.Host = options.PrometheusHost;
                        o.Port = port;
                    });
                }
            });
        return services;
    }

    // Over HTTP each signal has its own path under the collector's address; gRPC takes the address itself.
    private static void Point(OtlpExporterOptions exporter, TelemetryOptions options, Uri endpoint, string signalPath)
    {
        var grpc = options.OtlpProtocol == "grpc";
        exporter.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = grpc ? endpoint : new Uri(endpoint.ToString().TrimEnd('/') + "/" + signalPath);
    }
}
