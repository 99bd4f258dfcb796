using Microsoft.Extensions.Options;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// Runs an import job in the request that uploads it, for endpoints that answer with the outcome rather than a job
/// (<c>POST /v1/activities/bulk</c>). The job is stored already claimed by the request, so no worker takes it, and run by
/// the runner like any job: chunk by chunk, each in its own transaction — or, in a request keyed for idempotency, all in
/// the request's one transaction. A request that goes away mid-run gives its claim up, and a worker finishes the job
/// from its checkpoint.
/// </summary>
public sealed class BulkJobInRequest(
    BulkJobUpload upload, BulkJobRunner runner, BulkJobService jobs, TagApiDbContext db, IOptions<BulkJobOptions> options)
{
    /// <summary>The job as it stands once the run ended (finished, unless the claim was lost), or the problem that refused the upload.</summary>
    public async Task<(BulkJob? Job, IResult? Problem)> RunAsync(HttpContext context, string kind, long maxBytes, CancellationToken ct)
    {
        var claim = new BulkJobClaim(Leases.NewToken(), TimeSpan.FromSeconds(options.Value.LeaseSeconds));
        var (job, problem) = await upload.StartAsync(context, kind, maxBytes, claim, ct);
        if (job is null)
        {
            return (null, problem);
        }

        if (db.Database.CurrentTransaction is null)
        {
            await runner.RunAsync(job.TenantId, job.Id, claim.Token, ct);
        }
        else
        {
            await runner.RunInTransactionAsync(context.RequestServices, job.TenantId, job.Id, claim.Token, ct);
        }

        return (await jobs.GetAsync(PublicId.Encode(IdPrefixes.BulkJob, job.Id), ct), null);
    }
}
