using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Data.Saving;
using TagApi.Core.Rules;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Activities;

/// <summary>One line of a bulk import that was refused.</summary>
/// <param name="Line">1-based line number in the upload.</param>
/// <param name="Code">not_found or validation_failed.</param>
/// <param name="Message">Why.</param>
public sealed record ImportLineError(long Line, string Code, string Message);

/// <summary>Counts of one chunk of a bulk import.</summary>
public sealed record ImportChunkResult(int Recorded, int Duplicates, IReadOnlyList<ImportLineError> Errors);

/// <summary>
/// The bulk path for large imports: a chunk of lines is checked like a batch, but bad lines are
/// reported and skipped instead of failing the chunk (an import of millions cannot be all or
/// nothing). Activities go in with the provider's bulk insert (binary COPY on PostgreSQL), metrics
/// and the index-change log in the same transaction; the index and rules follow after commit.
/// </summary>
public sealed class ActivityImporter(TagApiDbContext db, ActivityChecker checker, CommitNotifications notifications, RuleTriggers rules, TimeProvider clock)
{
    public async Task<ImportChunkResult> ImportChunkAsync(IReadOnlyList<(long Line, ActivityInput Input)> lines, CancellationToken ct)
    {
        var tenantId = db.Tenant.RequiredTenantId;
        var result = await db.RunAsync(async () =>
        {
            var now = clock.UtcNow();
            var checkedLines = await checker.CheckAsync(lines.Select(l => l.Input).ToList(), ct);
            var errors = lines.Zip(checkedLines).Where(x => !x.Second.Accepted)
                .Select(x => new ImportLineError(x.First.Line, x.Second.Code!, x.Second.Message!)).ToList();
            var accepted = checkedLines.Where(c => c.Accepted).Select(c => (c.Input, c.CustomerId)).ToList();

            var externalIds = accepted.Where(a => a.Input.ExternalId is not null).Select(a => a.Input.ExternalId!).Distinct().ToList();
            var seen = externalIds.Count == 0
                ? []
                : (await db.ReadActivitiesByExternalIdAsync(externalIds, ct)).Keys.ToHashSet(StringComparer.Ordinal);
            var fresh = accepted.Where(a => a.Input.ExternalId is null || seen.Add(a.Input.ExternalId)).ToList();
            var customerIds = fresh.Select(a => a.CustomerId).Distinct().ToList();

            var rows = fresh.Select(a => ActivityService.ToEntity(a.Input, a.CustomerId, now)).ToList();
            var deltas = new Dictionary<long, CustomerMetrics>();
            foreach (var row in rows)
            {
                row.TenantId = tenantId;
                MetricsFolder.Fold(deltas.TryGetValue(row.CustomerId, out var delta) ? delta : deltas[row.CustomerId] = new CustomerMetrics(), row.Type, row.OccurredAt, row.Amount);
            }

            await using var transaction = await OwnTransaction.BeginAsync(db, ct);
            if (await db.InsertActivitiesAsync(rows, ct))
            {
                // Written around the change tracker, so the index-change log is ours to write.
                db.IndexChanges.AddRange(customerIds.Select(id => new IndexChange { TenantId = tenantId, CustomerId = id, Activities = true, At = DateTime.UtcNow }));
            }

            await db.AddMetricsAsync(deltas, ct);
            // The rules these customers are owed, durable with the import: the activities went in around the save
            // pipeline, which owes rules only to the changes it tracks.
            var owedRows = OwedRuleEvaluation.For(tenantId, customerIds, now, rules.BornHold);
            db.OwedRuleEvaluations.AddRange(owedRows);
            await db.SaveChangesAsync(ct);
            // Written partly around the save pipeline (COPY, set-based metrics), so the index and rules are told here, as
            // one with what the pipeline owes: when the transaction commits (this chunk's own, or the request's).
            await notifications.PublishWhenCommittedAsync(db, new CommittedChange(tenantId, customerIds, customerIds, CatalogChanged: false, [.. owedRows.Select(o => o.Id)]), ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return new ImportChunkResult(rows.Count, accepted.Count - rows.Count, errors);
        });

        return result;
    }
}
