using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Segments.Snapshots;

/// <summary>
/// Brings a tenant's index back from its snapshot file: the file's index, the tag structure as the database holds it
/// now, and every customer the change log names since the file's position re-read from the tables — so the result is
/// what a full build would give, without reading every row. Null when there is no usable file, or when so much changed
/// since that a full build is the cheaper way.
/// </summary>
internal static class IndexRestore
{
    private const int ReadBatch = 5_000;

    public static async Task<TenantIndex?> TryAsync(IServiceScopeFactory scopes, IndexSnapshotStore store, long tenantId, CancellationToken ct)
    {
        if (!store.Enabled)
        {
            return null;
        }

        try
        {
            return await RestoreAsync(scopes, store, tenantId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A snapshot is only a shortcut: whatever went wrong with it, the tables still give the index.
            store.LogRestoreFailed(tenantId, e);
            return null;
        }
    }

    private static async Task<TenantIndex?> RestoreAsync(IServiceScopeFactory scopes, IndexSnapshotStore store, long tenantId, CancellationToken ct)
    {
        if (!store.MayHold(tenantId))
        {
            // No file for the tenant: a build from the tables needs none of the reads below.
            return null;
        }

        var clock = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "system:index");
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        if (await SnapshotTenant.CreatedAtAsync(db, tenantId, ct) is not { } tenantCreatedAt)
        {
            return null;
        }

        var horizon = await db.CommitHorizonAsync(precise: false, ct);
        var lastId = horizon is null ? await db.IndexChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0 : 0;
        var now = DateTime.UtcNow;
        var snapshot = store.TryRead(tenantId, tenantCreatedAt, header => Refusal(header, horizon, lastId, now));
        if (snapshot is null)
        {
            return null;
        }

        var read = clock.Elapsed.TotalSeconds;
        var changes = await ChangesSinceAsync(db, tenantId, snapshot.Header.Position, ct);
        if (changes.Customers.Count > Math.Max(10_000, snapshot.Header.Customers / 4))
        {
            return null;
        }

        var catalog = await IndexLoader.LoadCatalogAsync(db, ct);
        var index = TenantIndex.Restore(catalog, snapshot.Body);
        foreach (var batch in changes.Customers.Chunk(ReadBatch))
        {
            var current = await IndexLoader.LoadCustomersAsync(db, batch, batch.Where(changes.WithActivities.Contains).ToList(), index.Vocabulary, ct);
            index.Apply(current, batch.Except(current.Select(c => c.Row.Id)).ToList());
        }

        index.RestoredFrom = new RestoredFile(snapshot.Header.TakenAt, index.Current.Version);
        index.BuildPhases =
        [
            new IndexBuildPhase("snapshot read", snapshot.Header.Customers, read),
            new IndexBuildPhase("changes replayed", changes.Customers.Count, clock.Elapsed.TotalSeconds - read),
        ];
        return index;
    }

    /// <summary>Why a file's header rules it out against the database's change log as it stands; null when it may be used.</summary>
    internal static string? Refusal(SnapshotHeader header, long? horizon, long lastId, DateTime now) =>
        header.Position.IsHorizon != horizon.HasValue ? "it follows the change log of another kind of database"
        : header.Position.Value > (horizon ?? lastId) ? "it is ahead of the database's change log (was the database restored from a backup?)"
        : header.TakenAt < now - IndexFollower.Retention + TimeSpan.FromHours(1) ? "it is older than the change log keeps"
        : null;

    private sealed record Changes(IReadOnlyList<long> Customers, HashSet<long> WithActivities);

    private static async Task<Changes> ChangesSinceAsync(TagApiDbContext db, long tenantId, SnapshotPosition position, CancellationToken ct)
    {
        var log = db.IndexChanges.AsNoTracking().Where(c => c.TenantId == tenantId && c.CustomerId != null);
        var rows = await (position.IsHorizon ? log.Where(c => c.TxStamp >= position.Value) : log.Where(c => c.Id > position.Value))
            .Select(c => new { CustomerId = c.CustomerId!.Value, c.Activities }).ToListAsync(ct);
        return new Changes(rows.Select(r => r.CustomerId).Distinct().ToList(), rows.Where(r => r.Activities).Select(r => r.CustomerId).ToHashSet());
    }
}
