using Microsoft.Extensions.DependencyInjection;
using TagApi.Core;
using TagApi.Core.Analytics;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;
using TagApi.Data;

namespace TagApi.Bench.Analytics;

/// <summary>
/// TagApi's analytics readers called in-process (what a request does after auth, routing and JSON): the same
/// services the server resolves, on the same database, with the tenant's index built once before timing.
/// </summary>
public sealed class InProcessAnalyticsSubject : IAnalyticsSubject
{
    private readonly ServiceProvider _services;
    private readonly long _tenantId;

    public InProcessAnalyticsSubject(string name, string connectionString, long tenantId)
    {
        Name = name;
        _tenantId = tenantId;
        var services = new ServiceCollection().AddTagApiCore();
        services.AddTagApiDbContext(DatabaseProvider.Postgres, connectionString);
        _services = services.BuildServiceProvider();
    }

    public string Name { get; }

    /// <summary>Builds the tenant's index (untimed: a server has it from its first request on); returns its customers.</summary>
    public long BuildIndex() => InTenant(async sp => (await sp.GetRequiredService<SegmentEngine>().IndexAsync(_tenantId, CancellationToken.None)).Current.CustomerCount);

    public AnalyticsAnswer Distribution(DateTime since)
    {
        var d = InTenant(sp => sp.GetRequiredService<TagDistributionReader>().ReadAsync(null, CancellationToken.None));
        return AnalyticsAnswer.Distribution(
            d.TotalCustomers, d.Tags.Select(t => (t.Tag.Key, t.Holders, t.ByRule, t.Added30d, t.Removed30d)), d.Categories.Select(c => (c.Category.Key, c.Covered)), d.ComputedAt);
    }

    public AnalyticsAnswer Overlap(IReadOnlyList<string> keys)
    {
        var m = InTenant(sp => sp.GetRequiredService<TagOverlapReader>().TagsAsync(keys, CancellationToken.None));
        return AnalyticsAnswer.Overlap(keys, (i, j) => m.Counts[i][j]);
    }

    public AnalyticsAnswer Trend(string key, DateTime from, DateTime to)
    {
        var trend = InTenant(sp => sp.GetRequiredService<TrendReader>().TagAsync(key, "day", from, to, CancellationToken.None));
        return AnalyticsAnswer.Trend(trend.Points.Select(p => (p.Start, p.Added, p.Removed, p.Holders)));
    }

    public void Dispose() => _services.Dispose();

    private T InTenant<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(_tenantId, "bench");
        return work(scope.ServiceProvider).GetAwaiter().GetResult();
    }
}
