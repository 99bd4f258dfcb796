using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tags;

namespace TagApi.Core.Rules;

/// <summary>
/// Writes a group evaluation's diff through <see cref="TagChangeWriter"/> (so history, events,
/// versions and the index follow as for any change), a few hundred customers per transaction.
/// Each change names the rule and version that made it.
/// </summary>
/// <remarks>
/// A decision holds only for the state it was made on: a customer whose version moved since the snapshot the rule was
/// evaluated on (a write that landed meanwhile, perhaps one that moved it out of the condition again) is left alone,
/// here and in every retry after a lost race. That write owes its own evaluation, made on a snapshot that has it.
/// Applying the stale decision instead would write a wrong tag, undone moments later by that evaluation — a pair of
/// ledger lines for a change that never held, stamped before a later write's and so visible to as-of reads.
/// </remarks>
public sealed class RuleChangeWriter(TagApiDbContext db, TagChangeWriter writer)
{
    private const int CustomersPerTransaction = 500;

    /// <summary>Applies the diff; returns how many tag additions and removals really happened.</summary>
    public async Task<(long Added, long Removed)> ApplyAsync(GroupEvaluation evaluation, CancellationToken ct)
    {
        var changes = evaluation.Tags
            .SelectMany(t => t.Remove.Enumerate().Select(o => (Ordinal: o, Diff: t, IsAdd: false))
                .Concat(t.Add.Enumerate().Select(o => (Ordinal: o, Diff: t, IsAdd: true))))
            .GroupBy(c => c.Ordinal)
            .Chunk(CustomersPerTransaction);
        long added = 0, removed = 0;
        var tagIds = evaluation.Tags.Select(t => t.TagId).ToList();
        foreach (var batch in changes)
        {
            var requests = batch.SelectMany(customer => customer.Select(c =>
                (CustomerId: evaluation.Snapshot.CustomerIdAt(c.Ordinal), EvaluatedAt: evaluation.Snapshot.Rows[c.Ordinal]?.Version, c.Diff, c.IsAdd))).ToList();
            var (a, r) = await db.RunAsync(async () =>
            {
                var tags = await db.Tags.Include(t => t.Category).Where(t => tagIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
                var customerIds = requests.Select(q => q.CustomerId).Distinct().ToList();
                var versions = await db.Customers.Where(c => customerIds.Contains(c.Id)).Select(c => new { c.Id, c.Version }).ToDictionaryAsync(c => c.Id, c => c.Version, ct);
                var applied = new List<AppliedTagChange>();
                var current = requests.Where(q => versions.TryGetValue(q.CustomerId, out var version) && version == q.EvaluatedAt && tags.ContainsKey(q.Diff.TagId));
                foreach (var owner in current.GroupBy(q => (q.Diff.OwnerRule, q.IsAdd)))
                {
                    var (rule, isAdd) = owner.Key;
                    var origin = new TagChangeOrigin(TagSource.Rule, SourceRef(rule), $"rule '{rule.Key}' v{rule.Version}: condition {(isAdd ? "holds" : "no longer holds")}");
                    var staged = owner.Select(q => new TagChangeRequest(q.CustomerId, tags[q.Diff.TagId], q.IsAdd, null)).ToList();
                    applied.AddRange(await writer.StageAsync(staged, origin, ct));
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return (applied.Count(c => c.Action == TagHistoryAction.Added), applied.Count(c => c.Action != TagHistoryAction.Added));
            });
            added += a;
            removed += r;
        }

        return (added, removed);
    }

    /// <summary>How assignments and history name a rule: its id and version.</summary>
    public static string SourceRef(TaggingRule rule) => $"{PublicId.Encode(IdPrefixes.Rule, rule.Id)}@v{rule.Version}";
}
