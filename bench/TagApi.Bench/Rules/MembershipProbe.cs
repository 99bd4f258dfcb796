using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Membership;
using TagApi.Core.Tenancy;

namespace TagApi.Bench.Rules;

/// <summary>
/// Times the segment membership projector beside W5's rules on the same data: the silent baseline
/// of a new segment (every member row written), a full refresh that finds nothing to change (what
/// every segment costs each refresh period), and the incremental projection after W5's new
/// activities, which writes each entry and exit with its event.
/// </summary>
public sealed class MembershipProbe(IServiceProvider services, long tenantId, List<string> notes)
{
    private const string Query = "count(interaction, 30d) >= 3";
    private const string BroadQuery = "count(interaction, 365d) >= 1";
    private long _segmentId;

    /// <summary>Baselines a broad segment (most customers) and then the segment <see cref="Incremental"/> projects.</summary>
    public void Baseline()
    {
        _segmentId = Create(BroadQuery);
        Measure(BroadQuery);
        Delete();
        _segmentId = Create(Query);
        Measure(Query);
    }

    private void Measure(string query)
    {
        var baseline = Project(null);
        var refresh = Project(null);
        notes.Add($"Segment membership (`{query}`): the new segment's silent baseline wrote {baseline.Run.Entered:N0} member rows in {baseline.Seconds:N1} s " +
                  $"({baseline.Run.Entered / baseline.Seconds:N0} rows/s); a full refresh with nothing to change took {refresh.Seconds * 1000:N1} ms.");
    }

    private long Create(string query) => InTenant(async sp =>
    {
        var db = sp.GetRequiredService<TagApiDbContext>();
        var now = DateTime.UtcNow;
        var segment = new Segment { Key = $"w5_members_{Guid.NewGuid():N}"[..30], Name = "W5 membership probe", Query = query, CreatedAt = now, UpdatedAt = now };
        db.Segments.Add(segment);
        await db.SaveChangesAsync();
        return segment.Id;
    });

    private void Delete() => InTenant(async sp =>
    {
        var db = sp.GetRequiredService<TagApiDbContext>();
        db.Segments.Remove(await db.Segments.FindAsync(_segmentId) ?? throw new InvalidOperationException("probe segment vanished"));
        return await db.SaveChangesAsync();
    });

    public void Incremental(IReadOnlyCollection<long> customerIds)
    {
        var incremental = Project(customerIds);
        notes.Add($"Segment membership after the new activities: projecting {customerIds.Count:N0} changed customers wrote {incremental.Run.Entered:N0} entries and " +
                  $"{incremental.Run.Exited:N0} exits, each with its `segment.entered`/`segment.exited` event, in {incremental.Seconds * 1000:N0} ms.");
        Delete();
    }

    private (MembershipRun Run, double Seconds) Project(IReadOnlyCollection<long>? customerIds)
    {
        var clock = Stopwatch.StartNew();
        var run = InTenant(sp => sp.GetRequiredService<MembershipProjector>().ProjectAsync(_segmentId, customerIds, CancellationToken.None))
            ?? throw new InvalidOperationException("the probe segment was leased elsewhere");
        return (run, clock.Elapsed.TotalSeconds);
    }

    private T InTenant<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "bench");
        return work(scope.ServiceProvider).GetAwaiter().GetResult();
    }
}
