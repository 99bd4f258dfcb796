using Microsoft.Extensions.DependencyInjection;
using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;
using TagApi.Core;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;
using TagApi.Data;

namespace TagApi.Bench.Engines;

/// <summary>
/// TagApi's segment engine called in-process, without HTTP: the same Core services the API uses
/// (index built from the dataset's database, query evaluation), so the figure shows what the engine
/// itself costs next to the bare floor. Queries are parsed and bound once, as a saved segment is.
/// </summary>
public sealed class InProcessEngine : ISegmentEngineUnderTest
{
    public const string EngineName = "TagApi (in-process)";
    private readonly ServiceProvider _services;
    private readonly long _tenantId;
    private readonly Dictionary<string, CheckedQuery> _checked = new(StringComparer.Ordinal);

    private InProcessEngine(ServiceProvider services, long tenantId)
    {
        _services = services;
        _tenantId = tenantId;
    }

    public string Name => EngineName;

    public static InProcessEngine Create(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var services = new ServiceCollection().AddTagApiCore();
        var provider = dataset.Target.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        services.AddTagApiDbContext(provider, dataset.Target.ConnectionString);
        var engine = new InProcessEngine(services.BuildServiceProvider(), dataset.TenantId);
        var index = engine._services.GetRequiredService<SegmentEngine>().IndexAsync(dataset.TenantId, CancellationToken.None).GetAwaiter().GetResult();
        Log.Info($"in-process index: {index.Current.CustomerCount:N0} customers, {index.Current.MemoryBytes / (1024 * 1024):N0} MiB");
        return engine;
    }

    /// <summary>The tenant's current index snapshot, for workloads that read the index itself.</summary>
    public IndexSnapshot Snapshot() =>
        _services.GetRequiredService<SegmentEngine>().IndexAsync(_tenantId, CancellationToken.None).GetAwaiter().GetResult().Current;

    public long Count(string query) => Run(query, (evaluation, q) => evaluation.CountAsync(q, CancellationToken.None)).Count;

    public SegmentPage Page(string query, string? cursor, int limit)
    {
        long? after = cursor is null ? null : long.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        var page = Run(query, (evaluation, q) => evaluation.PageAsync(q, after, limit, withCount: false, CancellationToken.None));
        var next = page.HasMore ? page.CustomerIds[^1].ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new SegmentPage(page.CustomerIds, next);
    }

    public ExportResult Export(string query, ExportFields fields, Action<ReadOnlySpan<long>> sink)
    {
        if (fields != ExportFields.Ids)
        {
            throw new NotAvailableException("in-process export carries ids only; e-mails come from the database through the HTTP export");
        }

        long rows = 0;
        Run(query, async (evaluation, q) =>
        {
            await evaluation.ExportAsync(q, batch =>
            {
                sink(batch is List<long> list ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list) : batch.ToArray());
                rows += batch.Count;
                return Task.CompletedTask;
            }, CancellationToken.None);
            return 0;
        });
        return new ExportResult(rows, rows * sizeof(long));
    }

    public void Dispose() => _services.Dispose();

    private T Run<T>(string query, Func<SegmentEvaluation, CheckedQuery, Task<T>> work)
    {
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(_tenantId, "bench");
        if (!_checked.TryGetValue(query, out var checkedQuery))
        {
            checkedQuery = scope.ServiceProvider.GetRequiredService<SegmentQueries>().CheckAsync(query, null, "query", CancellationToken.None).GetAwaiter().GetResult();
            _checked[query] = checkedQuery;
        }

        return work(scope.ServiceProvider.GetRequiredService<SegmentEvaluation>(), checkedQuery).GetAwaiter().GetResult();
    }
}
