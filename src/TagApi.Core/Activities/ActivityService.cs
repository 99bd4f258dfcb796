using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;

namespace TagApi.Core.Activities;

/// <summary>
/// Records activities: up to <see cref="ActivityLimits.MaxBatch"/> at once, all-or-nothing, each
/// checked first with every problem reported together. An activity whose external id was seen
/// before is reported as a duplicate and changes nothing, so a client may safely retry. The
/// customers' metrics change in the same transaction as the activities.
/// </summary>
public sealed class ActivityService(TagApiDbContext db, ActivityChecker checker, TimeProvider clock)
{
    public async Task<IReadOnlyList<ActivityOutcome>> RecordAsync(IReadOnlyList<ActivityInput> inputs, CancellationToken ct)
    {
        if (inputs.Count == 0)
        {
            throw new ValidationFailedException("activities", "Give at least one activity.");
        }

        if (inputs.Count > ActivityLimits.MaxBatch)
        {
            throw new ValidationFailedException("activities", $"A batch holds at most {ActivityLimits.MaxBatch} activities; this one has {inputs.Count}.");
        }

        return await db.RunAsync(async () =>
        {
            var (checkedInputs, customerIds) = await CheckAsync(inputs, ct);
            var externalIds = checkedInputs.Where(i => i.ExternalId is not null).Select(i => i.ExternalId!).Distinct().ToList();
            var seen = externalIds.Count == 0
                ? []
                : await db.ReadActivitiesByExternalIdAsync(externalIds, ct);
            var tracked = await db.Customers.Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);

            var now = clock.UtcNow();
            var staged = new List<(Activity? Row, int Index, bool Duplicate)>();
            var firstOfExternalId = new Dictionary<string, Activity>(StringComparer.Ordinal);
            for (var i = 0; i < checkedInputs.Count; i++)
            {
                var input = checkedInputs[i];
                if (input.ExternalId is { } known && (seen.ContainsKey(known) || firstOfExternalId.ContainsKey(known)))
                {
                    staged.Add((firstOfExternalId.GetValueOrDefault(known), i, true));
                    continue;
                }

                var customer = tracked[customerIds[i]];
                var activity = ToEntity(input, customer.Id, now);
                db.Activities.Add(activity);
                MetricsFolder.Fold(customer.Metrics, activity.Type, activity.OccurredAt, activity.Amount);
                customer.Version++;
                staged.Add((activity, i, false));
                if (input.ExternalId is not null)
                {
                    firstOfExternalId[input.ExternalId] = activity;
                }
            }

            await db.SaveChangesAsync(ct);
            return staged.Select(s => s.Row is { } row
                ? new ActivityOutcome(row.Id, row.CustomerId, row.ExternalId, s.Duplicate)
                : new ActivityOutcome(seen[checkedInputs[s.Index].ExternalId!].Id, seen[checkedInputs[s.Index].ExternalId!].CustomerId, checkedInputs[s.Index].ExternalId, true))
                .ToList();
        });
    }

    private async Task<(List<ActivityInput> Inputs, List<long> CustomerIds)> CheckAsync(IReadOnlyList<ActivityInput> inputs, CancellationToken ct)
    {
        var checkedInputs = await checker.CheckAsync(inputs, ct);
        var errors = checkedInputs.Select((c, i) => (c, i)).Where(x => !x.c.Accepted)
            .Select(x => new BatchItemError("activities", x.i, x.c.Code!, x.c.Message!)).ToList();
        return errors.Count > 0
            ? throw new BatchRejectedException(errors)
            : (checkedInputs.Select(c => c.Input).ToList(), checkedInputs.Select(c => c.CustomerId).ToList());
    }

    internal static Activity ToEntity(ActivityInput input, long customerId, DateTime now) => new()
    {
        CustomerId = customerId,
        ExternalId = input.ExternalId,
        Type = input.Type!,
        Channel = input.Channel,
        OccurredAt = Clock.Truncate(input.OccurredAt!.Value),
        Amount = input.Amount,
        Currency = input.Currency,
        Properties = input.Properties is { ValueKind: System.Text.Json.JsonValueKind.Object } p ? p.GetRawText() : "{}",
        RecordedAt = now,
    };
}
