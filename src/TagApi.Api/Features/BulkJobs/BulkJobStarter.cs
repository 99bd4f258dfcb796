using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;
using TagApi.Core.Segments;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// Starts jobs that take no upload. Everything that can be wrong with the request is found here, before the job
/// exists (unknown segment or tag, a rule-owned tag, a bad query → 4xx), and the member set is taken now — "as of the
/// job's start" — from the segment index, and stored with the job.
/// </summary>
public sealed class BulkJobStarter(
    BulkJobService jobs, SegmentEvaluation evaluation, SegmentQueries queries, TagLookup tags, TenantContext tenant, IOptions<JsonOptions> json, BulkJobSignal signal)
{
    public async Task<BulkJob> StartAsync(StartBulkJobRequest request, CancellationToken ct)
    {
        if (BulkJobKinds.IsImport(request.Kind))
        {
            throw new ValidationFailedException("kind", $"A {request.Kind} job takes its file as the body: POST /v1/bulk-jobs?kind={request.Kind} with application/x-ndjson or text/csv.");
        }

        var job = request.Kind switch
        {
            BulkJobKinds.SegmentTag => await SegmentTagAsync(request, ct),
            BulkJobKinds.CustomersExport => Export(request),
            _ => throw new ValidationFailedException("kind", $"Unknown kind '{request.Kind}'; give one of {string.Join(", ", BulkJobKinds.All)}."),
        };

        var members = await MembersAsync(request, required: request.Kind == BulkJobKinds.SegmentTag, ct);
        var started = await jobs.CreateAsync(job, members.ToAsyncEnumerable(), ct);
        signal.Wake();
        return started;
    }

    private async Task<BulkJob> SegmentTagAsync(StartBulkJobRequest request, CancellationToken ct)
    {
        RequireScope(BulkJobKinds.SegmentTag);
        if (request.Op is not ("add" or "remove"))
        {
            throw new ValidationFailedException("op", "Give 'add' or 'remove'.");
        }

        if (string.IsNullOrEmpty(request.Tag))
        {
            throw new ValidationFailedException("tag", "Name the tag to add or remove.");
        }

        var tag = await tags.GetAsync(request.Tag, ct);
        if (tag.RuleOwned)
        {
            throw new ConflictException("rule_owned", $"Tag '{tag.Key}' is managed by a tagging rule and cannot be changed by hand.");
        }

        if (request.Op == "add" && tag.ArchivedAt is not null)
        {
            throw new ConflictException("tag_archived", $"Tag '{tag.Key}' is archived and cannot be assigned.");
        }

        var parameters = new SegmentTagParameters(tag.Key, request.Op, request.Segment, request.Query);
        return new BulkJob { Kind = BulkJobKinds.SegmentTag, Status = BulkJobStatus.Queued, Parameters = JsonSerializer.Serialize(parameters, json.Value.SerializerOptions) };
    }

    private BulkJob Export(StartBulkJobRequest request)
    {
        RequireScope(BulkJobKinds.CustomersExport);
        if (request.Tag is not null || request.Op is not null)
        {
            throw new ValidationFailedException(request.Tag is not null ? "tag" : "op", "A customers.export job takes no tag or op.");
        }

        var format = request.Format ?? "ndjson";
        if (format is not ("ndjson" or "csv"))
        {
            throw new ValidationFailedException("format", "Give 'ndjson' or 'csv'.");
        }

        var parameters = new CustomerExportParameters(request.Segment, request.Query);
        return new BulkJob
        {
            Kind = BulkJobKinds.CustomersExport, Status = BulkJobStatus.Queued, Format = format, PersonalData = tenant.HasScope(Scopes.CustomersPii),
            Parameters = JsonSerializer.Serialize(parameters, json.Value.SerializerOptions),
        };
    }

    // The members as of now, in id order, from the index: of the segment, of the query, or (an export of everyone) all.
    private async Task<List<BulkJobChunk>> MembersAsync(StartBulkJobRequest request, bool required, CancellationToken ct)
    {
        if (request.Segment is not null && request.Query is not null)
        {
            throw new ValidationFailedException("segment", "Give either a segment or a query, not both.");
        }

        if (required && request.Segment is null && request.Query is null)
        {
            throw new ValidationFailedException("segment", "Name the customers: give a segment (id or key) or a query.");
        }

        var query = request.Segment is not null ? await evaluation.SavedQueryAsync(request.Segment, ct)
            : await queries.CheckAsync(request.Query ?? "true", null, "query", ct);
        var chunks = new List<BulkJobChunk>();
        var pending = new List<long>(BulkJobLimits.ChunkMembers);
        long position = 1;
        await evaluation.ExportAsync(query, ids =>
        {
            foreach (var id in ids)
            {
                pending.Add(id);
                if (pending.Count == BulkJobLimits.ChunkMembers)
                {
                    chunks.Add(MemberChunks.Pack(pending, position));
                    position += pending.Count;
                    pending.Clear();
                }
            }

            return Task.CompletedTask;
        }, ct);
        if (pending.Count > 0)
        {
            chunks.Add(MemberChunks.Pack(pending, position));
        }

        return chunks;
    }

    private void RequireScope(string kind)
    {
        var scope = BulkJobKinds.ScopeOf(kind);
        if (!tenant.HasScope(scope))
        {
            throw new ForbiddenException(scope, $"A {kind} job needs the scope '{scope}', which the access token does not carry.");
        }
    }
}
