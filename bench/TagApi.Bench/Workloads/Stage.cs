using System.Diagnostics;
using Npgsql;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;
using TagApi.Bench.Floor;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Peers;
using TagApi.Bench.Queries;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>A TagApi subject as a workload sees it: the engine, or why there is none.</summary>
public sealed record EngineSlot(string Name, ISegmentEngineUnderTest? Engine, string? Reason, int? ProcessId);

/// <summary>
/// Everything measured against one PostgreSQL dataset: the data, a connection source for the
/// peers, the floor's in-memory index, and the TagApi subjects (a server started on that database,
/// and the in-process engine when the build has one).
/// </summary>
public sealed class Stage : IDisposable
{
    private TagApiServer? _server;
    private DuckDbSegmentPeer? _duck;
    private bool _disposed;

    private Stage(Dataset data, NpgsqlDataSource source, FloorIndex floor)
    {
        Data = data;
        Source = source;
        Floor = floor;
        Sql = new SqlContext(data.TenantId, data.TagIds, SqlDialect.Postgres);
    }

    public Dataset Data { get; }

    public NpgsqlDataSource Source { get; }

    public FloorIndex Floor { get; }

    public SqlContext Sql { get; }

    public List<EngineSlot> Engines { get; } = [];

    /// <summary>Where the stage's TagApi server listens; null when it did not start.</summary>
    public Uri? ServerAddress => _server?.BaseAddress;

    /// <summary>The TagApi server subject of this stage.</summary>
    public EngineSlot Http => Engines.First(e => e.Name == HttpName);

    public const string HttpName = "TagApi (HTTP)";

    /// <summary>The stage server's Prometheus scrape, when it was started with one (for its GC heap).</summary>
    public Uri? Metrics { get; private set; }

    /// <summary>
    /// Loads the floor and starts the TagApi subjects on the dataset; with <paramref name="metrics"/> the server runs with
    /// its Prometheus scrape on, for the GC heap W1 reports (left off where throughput is measured).
    /// </summary>
    public static Stage Open(Dataset data, PostgresDatabase database, TagApiCli cli, string resultsDir, BenchReport report, string label, bool metrics = false)
    {
        var source = database.CreateDataSource();
        var clock = Stopwatch.StartNew();
        FloorIndex floor;
        using (var connection = source.OpenConnection())
        {
            floor = FloorIndex.Load(connection, data.TenantId);
        }

        var bytes = (floor.Words * 8L * data.TagIds.Count) + (floor.Count * 24L);
        report.Facts.Add(new($"Floor bitsets built from binary COPY ({label})",
            $"{floor.Count:N0} customers, {floor.Assignments:N0} assignments in {clock.Elapsed.TotalSeconds:0.00} s; about {ProcessMemory.Format(bytes)} in memory"));
        Log.Info($"floor index ({label}) loaded in {clock.Elapsed.TotalSeconds:0.0} s");

        var stage = new Stage(data, source, floor);
        // The diagnostics endpoints give W6 the server's GC pauses under load; TAGAPI_BENCH_SERVER_ENV ("NAME=value;…")
        // adds environment variables to the server, to try runtime settings (DOTNET_gcServer=0, …) without a rebuild.
        var settings = new Dictionary<string, string> { ["Telemetry:MemoryDiagnostics"] = "true" };
        foreach (var pair in (Environment.GetEnvironmentVariable("TAGAPI_BENCH_SERVER_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var nameAndValue = pair.Split('=', 2);
            settings[nameAndValue[0]] = nameAndValue[^1];
            report.Facts.Add(new("TagApi server environment (TAGAPI_BENCH_SERVER_ENV)", pair));
        }
        if (metrics)
        {
            var port = TagApiServer.FreePort();
            settings["Telemetry:PrometheusPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Telemetry:PrometheusHost"] = "localhost";
            stage.Metrics = new Uri($"http://localhost:{port}/metrics");
        }

        stage.AddHttpEngine(cli, Path.Combine(resultsDir, $"server-{database.Name}.log"), HttpName, settings);
        if (stage.Http.Engine is HttpSegmentEngine http)
        {
            var trip = Measure.Run(http.RoundTrip, MeasureBudget.Default).Timing;
            report.Facts.Add(new($"HTTP round trip to the TagApi server, `GET /healthz` ({label})",
                $"median {Timing.Format(trip.MedianMicros)}, p99 {Timing.Format(trip.P99Micros)} (n={trip.Samples}) — the transport's share of every TagApi (HTTP) figure"));
        }

        try
        {
            stage.Engines.Add(new EngineSlot(InProcessEngine.EngineName, InProcessEngine.Create(data), null, Environment.ProcessId));
        }
        catch (NotAvailableException e)
        {
            stage.Engines.Add(new EngineSlot(InProcessEngine.EngineName, null, e.Message, null));
        }

        return stage;
    }

    /// <summary>Starts a TagApi server on the stage's database and adds it as an HTTP subject.</summary>
    public void AddHttpEngine(TagApiCli cli, string logPath, string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        try
        {
            _server = TagApiServer.Start(cli, Data.Target, logPath, settings);
            var engine = new HttpSegmentEngine(name, _server.BaseAddress, Data.ClientId, Data.ClientSecret);
            Engines.Add(new EngineSlot(name, engine, null, _server.ProcessId));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            Engines.Add(new EngineSlot(name, null, "failed: " + e.Message, null));
        }
    }

    /// <summary>The DuckDB peer with the stage's tenant loaded, on first use (W1 asks for it).</summary>
    public DuckDbSegmentPeer Duck => _duck ??= DuckDbSegmentPeer.Load(Source, Data.TenantId);

    /// <summary>A floor plan for the expression, compiled now; "now" for time windows is the current time.</summary>
    public FloorPlan Plan(Segment segment) => new(Floor, segment, Data.TagId, DateTime.UtcNow);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var slot in Engines)
        {
            slot.Engine?.Dispose();
        }

        _server?.Dispose();
        _duck?.Dispose();
        Source.Dispose();
    }
}
