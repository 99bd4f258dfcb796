using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.BulkJobs;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tags;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>The parameters of a segment.tag job, as stored with it.</summary>
/// <param name="Segment">The saved segment (id or key) whose members were taken; or null when a query was given.</param>
/// <param name="Query">The ad-hoc query whose matches were taken.</param>
/// <param name="Tag">The tag (id or key).</param>
/// <param name="Op"><c>add</c> or <c>remove</c>.</param>
public sealed record SegmentTagParameters(string Tag, string Op, string? Segment = null, string? Query = null);

/// <summary>
/// <c>segment.tag</c>: adds or removes one tag on a chunk of the members taken when the job started, through the one
/// tag-change path (history, one event per changed customer, index log, owed rules), one set-based write per chunk
/// (binary COPY and statements over arrays on PostgreSQL, a tracked save elsewhere). Members
/// deleted since the start are skipped; holders of the tag already (or non-holders, for a removal) change nothing.
/// </summary>
public sealed class SegmentTagProcessor(TagApiDbContext db, TagLookup tags, TagChangeWriter writer) : IBulkJobProcessor
{
    public string Kind => BulkJobKinds.SegmentTag;

    public IReadOnlyList<Type> LookupTables { get; } = [typeof(Customer), typeof(TagAssignment)];

    public async Task<ChunkOutcome> ProcessAsync(ChunkWork work, CancellationToken ct)
    {
        var parameters = JsonSerializer.Deserialize<SegmentTagParameters>(work.Job.Parameters!, work.Json)!;
        var ids = MemberChunks.Unpack(work.Chunk);
        var outcome = new ChunkOutcome { Done = ids.Length };
        var tag = await tags.FindAsync(parameters.Tag, ct);
        if (tag is null)
        {
            // Deleted since the job started: there is nothing left to add or remove.
            outcome.Count("skipped", ids.Length);
            return outcome;
        }

        var existing = await db.Customers.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        var add = parameters.Op == "add";
        var requests = existing.Select(id => add ? TagChangeRequest.Add(id, tag) : new TagChangeRequest(id, tag, false, null)).ToList();
        var applied = await writer.ApplyInBulkAsync(requests, TagChangeOrigin.Manual(work.Job.ClientId, "segment.tag job"), ct);
        db.ChangeTracker.Clear();
        // An exclusive category's other tag removed by an add is part of the change, not a member of its own.
        var changed = applied.Count(c => c.TagId == tag.Id);
        outcome.Count(add ? "added" : "removed", changed);
        outcome.Count("unchanged", existing.Count - changed);
        outcome.Count("skipped", ids.Length - existing.Count);
        return outcome;
    }
}
