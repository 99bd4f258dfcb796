using System.Diagnostics;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Report;
using TagApi.Bench.Rules;
using TagApi.Core.Value;

namespace TagApi.Bench.Workloads;

/// <summary>
/// W1V: customer value in the W1 shape. The tenant-wide value model (RFM edges, BG/NBD and Gamma-Gamma fits) computed
/// from the index's purchase timelines, and segment counts on the predictions beside the same counts on the stored
/// <c>totalSpent</c> column — TagApi over HTTP and in-process, on purchase histories drawn from the models themselves
/// (<see cref="PurchaseStream"/>), so that some customers have stopped buying and pAlive has something to say.
/// </summary>
public static class W1VValue
{
    public const string Target = "model fit for 1M customers ≤ 10 s; a segment on pAlive as fast as one on totalSpent (W1 shape).";
    private const string Workload = "W1V";
    private const string HttpName = "TagApi (HTTP)";

    // Each value query beside the same shape on the stored column, of about the same selectivity.
    private static readonly (string Name, string Value, string Column)[] Pairs =
    [
        ("alone", "pAlive < 0.3", "totalSpent > 500"),
        ("valuable and slipping away", "pAlive < 0.3 AND totalSpent > 5000", "orderCount > 3 AND totalSpent > 5000"),
        ("with a tag", "tag = 'app_user' AND pAlive < 0.3", "tag = 'app_user' AND totalSpent > 500"),
        ("predicted value", "predictedClv365d > 500", "totalSpent > 5000"),
    ];

    public static Section Run(Dataset data, PostgresDatabase database, TagApiCli cli, ulong seed, BenchReport report, string outputDir)
    {
        LoadStep purchases;
        using (var source = database.CreateDataSource())
        {
            purchases = PurchaseStream.Ensure(source, data, seed, DateTime.UtcNow);
            report.Load.Add(purchases);
        }

        var section = new Section(Workload, $"Customer value ({data.Customers:N0} customers, {purchases.Rows:N0} purchases, PostgreSQL)", Target);
        var build = Stopwatch.StartNew();
        using var inProcess = InProcessEngine.Create(data);
        var snapshot = inProcess.Snapshot();
        section.Notes.Add($"In-process index with activity timelines built in {build.Elapsed.TotalSeconds:N1} s: {snapshot.CustomerCount:N0} customers, {snapshot.ActivityCount():N0} activities, {snapshot.MemoryBytes / (1024 * 1024):N0} MiB reported.");

        section.Cases.Add(FitCase(section, snapshot));
        using var server = TagApiServer.Start(cli, data.Target, Path.Combine(outputDir, "server-w1v.log"));
        using var http = new HttpSegmentEngine(HttpName, server.BaseAddress, data.ClientId, data.ClientSecret);
        var first = Stopwatch.StartNew();
        http.Count("pAlive < 0.3");
        section.Notes.Add($"The server's first value query (index build with timelines, model fit, pAlive column) took {first.Elapsed.TotalSeconds:N1} s, untimed.");
        var current = inProcess.Snapshot();
        var modelClock = Stopwatch.StartNew();
        current.Value.Get(current, DateTime.UtcNow);
        var modelSeconds = modelClock.Elapsed.TotalSeconds;
        var before = current.MemoryBytes;
        var fill = Stopwatch.StartNew();
        inProcess.Count("pAlive < 0.3");
        section.Notes.Add($"In-process, the tenant's model on first use took {modelSeconds:N1} s; then the first pAlive query computed the day's column in {fill.Elapsed.TotalMilliseconds:N0} ms, and the index's reported memory grew by {(inProcess.Snapshot().MemoryBytes - before) / (1024.0 * 1024):N1} MiB.");
        section.Notes.Add("Each case times the value query and, beside it, the same shape on the stored column; `÷ column form` is the value query's median over the column form's, per transport (1.0 = as fast).");
        foreach (var (name, value, column) in Pairs)
        {
            section.Cases.Add(PairCase(name, value, column, http, inProcess));
        }

        return section;
    }

    private static CaseResult FitCase(Section section, Core.Segments.Engine.IndexSnapshot snapshot)
    {
        var settings = new CustomerValueSettings();
        TenantValueModel? model = null;
        var result = new CaseResult("model", "RFM edges, BG/NBD and Gamma-Gamma fits from every customer's purchase timeline") { Throughput = false };
        var figure = Figure.Time("TagApi (in-process): TenantValueModelBuilder.Build", SubjectKind.TagApi, () =>
        {
            model = TenantValueModelBuilder.Build(snapshot, DateTime.UtcNow, settings);
            return model.Purchasers;
        }, MeasureBudget.Heavy);
        result.Add(Workload, figure);
        if (model?.Fit is { } fit)
        {
            var p = fit.Purchases.Parameters;
            section.Notes.Add($"Model: {model.Purchasers:N0} purchasers; BG/NBD r={p.R:G4}, α={p.Alpha:G4}, a={p.A:G4}, b={p.B:G4} (log-likelihood {fit.Purchases.LogLikelihood:N1}); the two fits alone took {fit.Duration.TotalSeconds:N2} s of the last build; spend model: {(fit.Spend is { } s ? $"p={s.Parameters.P:G4}, q={s.Parameters.Q:G4}, γ={s.Parameters.Gamma:G4}" : fit.SpendReason)}.");
        }
        else
        {
            section.Notes.Add($"Model: no fit ({model?.FitReason}).");
        }

        return result;
    }

    private static CaseResult PairCase(string name, string value, string column, HttpSegmentEngine http, InProcessEngine inProcess)
    {
        var expected = inProcess.Count(value);
        // The reference answer is the in-process count; the HTTP server computes its own model from the same data.
        var result = new CaseResult(name, $"`{value}` beside `{column}`") { TagApiQuery = value, Expected = expected };
        var figures = new List<(Figure Value, Figure Column)>();
        foreach (var (subject, count) in new (string, Func<string, long>)[] { (HttpName, http.Count), (InProcessEngine.EngineName, inProcess.Count) })
        {
            // The first call of a field on a day fills its column: warmed here, so the timing sizes its repetitions on
            // the steady state (the fill is reported in the notes).
            count(value);
            count(column);
            var valueFigure = Figure.Time($"{subject} · value", SubjectKind.TagApi, () => count(value), MeasureBudget.Default);
            valueFigure.AgreesWithFloor = valueFigure.Result is null ? null : valueFigure.Result == expected;
            var columnFigure = Figure.Time($"{subject} · column form", SubjectKind.Peer, () => count(column), MeasureBudget.Default);
            result.Add(Workload, valueFigure);
            result.Add(Workload, columnFigure with { Note = $"`{column}`" });
            figures.Add((valueFigure, result.Figures[^1]));
        }

        result.AddRatio("÷ column form", f => figures.FirstOrDefault(p => ReferenceEquals(p.Value, f)).Column);
        return result;
    }
}
