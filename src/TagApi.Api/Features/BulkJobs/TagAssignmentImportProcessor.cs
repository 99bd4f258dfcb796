using TagApi.Core.Activities;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>One line of a tag-assignments import.</summary>
/// <param name="Customer">Customer id (<c>cus_…</c>); or give externalId.</param>
/// <param name="ExternalId">The integrator's customer id.</param>
/// <param name="Tag">Tag id or key.</param>
/// <param name="Op"><c>add</c> (the default) or <c>remove</c>.</param>
/// <param name="ExpiresAt">For an add: when the assignment lapses.</param>
public sealed record TagAssignmentLine(string? Customer = null, string? ExternalId = null, string? Tag = null, string? Op = null, DateTime? ExpiresAt = null);

/// <summary>
/// <c>tag-assignments.import</c>: runs of consecutive lines with the same op go through the batch service (source
/// <c>import</c>), so the order of the file holds; a batch's bad items are reported by line and the rest applied.
/// </summary>
public sealed class TagAssignmentImportProcessor(TagApiDbContext db, TagAssignmentBatchService batches) : IBulkJobProcessor
{
    public string Kind => BulkJobKinds.TagAssignmentsImport;

    public IReadOnlyList<Type> LookupTables { get; } = [typeof(Customer), typeof(TagAssignment)];

    public async Task<ChunkOutcome> ProcessAsync(ChunkWork work, CancellationToken ct)
    {
        var outcome = new ChunkOutcome();
        var run = new List<(long Line, TagAssignmentItem Item)>();
        bool? runAdds = null;
        foreach (var line in BulkLines.Read(work.Chunk))
        {
            outcome.Done++;
            if (LineChecks.Bind<TagAssignmentLine>(outcome, work, line) is not { } parsed)
            {
                continue;
            }

            var op = parsed.Op ?? "add";
            if (op is not ("add" or "remove"))
            {
                outcome.Errors.Add(new ImportLineError(line.Number, "validation_failed", "op: Give 'add' or 'remove'."));
                continue;
            }

            var isAdd = op == "add";
            if (runAdds is { } current && current != isAdd)
            {
                await ApplyAsync(run, current, outcome, ct);
                run.Clear();
            }

            runAdds = isAdd;
            run.Add((line.Number, new TagAssignmentItem(parsed.Customer, parsed.ExternalId, parsed.Tag, isAdd ? parsed.ExpiresAt : null)));
        }

        if (runAdds is { } last)
        {
            await ApplyAsync(run, last, outcome, ct);
        }

        return outcome;
    }

    // The batch is all or nothing and lists every bad item; those are reported and the batch runs again without them.
    // A second tag of an exclusive category for the same customer is no error in a file (applied in order, it replaces
    // the first, as single writes do): such lines go in a batch of their own after the rest.
    private async Task ApplyAsync(List<(long Line, TagAssignmentItem Item)> run, bool adds, ChunkOutcome outcome, CancellationToken ct)
    {
        var items = run.ToList();
        var later = new List<(long Line, TagAssignmentItem Item)>();
        while (items.Count > 0)
        {
            try
            {
                var list = items.Select(i => i.Item).ToList();
                var result = await batches.ApplyAsync(new TagAssignmentBatch(adds ? list : [], adds ? [] : list, TagSource.Import), inBulk: true, ct);
                outcome.Count("added", result.Added);
                outcome.Count("removed", result.Removed);
                outcome.Count("unchanged", result.Unchanged);
                db.ChangeTracker.Clear();
                break;
            }
            catch (BatchRejectedException rejected)
            {
                db.ChangeTracker.Clear();
                var bad = rejected.Items.Select(e => e.Index).ToHashSet();
                later.AddRange(rejected.Items.Where(e => e.Code == "exclusive_conflict").Select(e => items[e.Index]));
                outcome.Errors.AddRange(rejected.Items.Where(e => e.Code != "exclusive_conflict").Select(e => new ImportLineError(items[e.Index].Line, e.Code, e.Message)));
                items = [.. items.Where((_, index) => !bad.Contains(index))];
            }
        }

        if (later.Count > 0)
        {
            await ApplyAsync([.. later.OrderBy(l => l.Line)], adds, outcome, ct);
        }
    }
}
