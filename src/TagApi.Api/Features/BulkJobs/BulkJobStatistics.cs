using System.Data.Common;
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
    // A shorter job grows its tables too little for a plan made during it to go wrong.
    private const int MinChunks = 8;

    /// <summary>
    /// The tables whose statistics a run of the job keeps fresh: its kind's lookup tables when the job is long, none
    /// otherwise. Read once per run (a job's kind and size do not change while it runs).
    /// </summary>
    public async Task<IReadOnlyList<Type>> TablesOfAsync(long jobId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var job = await scope.ServiceProvider.GetRequiredService<TagApiDbContext>().BulkJobs.IgnoreQueryFilters().AsNoTracking()
            .Where(j => j.Id == jobId).Select(j => new { j.Kind, j.InputChunks }).SingleOrDefaultAsync(ct);
        return job is null || job.InputChunks < MinChunks
            ? []
            : scope.ServiceProvider.GetServices<IBulkJobProcessor>().Single(p => p.Kind == job.Kind).LookupTables;
    }

    /// <summary>
    /// Before each chunk: the provider refreshes the statistics of those of <paramref name="tables"/> that grew enough
    /// since they were taken for a cached plan to be wrong (on PostgreSQL, a doubling) — a handful of times for an import
    /// into an empty table, never for a job that adds a little to a large one.
    /// </summary>
    public async Task RefreshAsync(long jobId, IReadOnlyList<Type> tables, CancellationToken ct)
    {
        if (tables.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<TagApiDbContext>().RefreshStatisticsAsync(tables, ct);
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
