using System.Data.Common;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// Keeps the planner statistics of the tables a long job looks rows up in as fresh as the job keeps them growing.
/// PostgreSQL plans a statement a pooled connection runs often once, with the statistics of that moment, and keeps the
/// plan: one made while an import's table was nearly empty (or before anything analysed the customers an earlier job
/// just loaded) hashes or filters every row of the tenant per chunk once the table is large, each chunk slower than
/// the last. A refresh replaces the statistics and with them every cached plan over those tables.
/// </summary>
public sealed partial class BulkJobStatistics(IServiceScopeFactory scopes, ILogger<BulkJobStatistics> logger)
{
    // A shorter job grows its tables too little for a plan made before it to go wrong.
    private const int MinChunksLeft = 8;

    /// <summary>
    /// Before the first chunk a run applies (the tables as earlier jobs left them), after its first and second (a table
    /// the job started empty is no longer empty, and the statistics must say so before plans are cached), then each
    /// time the run has applied four times as many chunks: a handful of refreshes for the longest job, each while the
    /// table is at most about four times what the statistics say.
    /// </summary>
    public static bool IsDue(int step) => step <= 2 || (BitOperations.IsPow2(step) && BitOperations.Log2((uint)step) % 2 == 0);

    public async Task RefreshIfDueAsync(long jobId, int step, CancellationToken ct)
    {
        if (!IsDue(step))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        var job = await db.BulkJobs.IgnoreQueryFilters().AsNoTracking().Where(j => j.Id == jobId)
            .Select(j => new { j.Kind, j.InputChunks, j.NextChunk }).SingleOrDefaultAsync(ct);
        if (job is null || job.InputChunks - job.NextChunk < MinChunksLeft)
        {
            return;
        }

        var tables = scope.ServiceProvider.GetServices<IBulkJobProcessor>().Single(p => p.Kind == job.Kind).LookupTables;
        if (tables.Count == 0)
        {
            return;
        }

        try
        {
            await db.RefreshStatisticsAsync(tables, ct);
        }
        catch (DbException e)
        {
            // Only speed depends on it (a role that may not analyse the tables, a lock held too long): the job goes on.
            LogNotRefreshed(logger, jobId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk job {JobId}: the planner statistics of its tables could not be refreshed; the job goes on")]
    private static partial void LogNotRefreshed(ILogger logger, long jobId, Exception exception);
}
