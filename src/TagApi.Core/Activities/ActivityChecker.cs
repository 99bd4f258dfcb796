using TagApi.Core.Common;
using TagApi.Core.Customers;

namespace TagApi.Core.Activities;

/// <summary>One submitted activity after checking: normalised, with its customer, or why it is refused.</summary>
/// <param name="Input">The normalised input.</param>
/// <param name="CustomerId">The customer it names (0 when refused).</param>
/// <param name="Code">not_found or validation_failed; null when accepted.</param>
/// <param name="Message">Why it is refused.</param>
public sealed record CheckedActivity(ActivityInput Input, long CustomerId, string? Code, string? Message)
{
    public bool Accepted => Code is null;
}

/// <summary>Checks activities and resolves their customers in two queries; shared by the batch and the bulk path.</summary>
public sealed class ActivityChecker(CustomerLookup customers, TimeProvider clock)
{
    public async Task<IReadOnlyList<CheckedActivity>> CheckAsync(IReadOnlyList<ActivityInput> inputs, CancellationToken ct)
    {
        var (byId, byExternalId) = await customers.ResolveManyAsync(
            inputs.Where(i => i.Customer is not null).Select(i => i.Customer!),
            inputs.Where(i => i.CustomerExternalId is not null).Select(i => i.CustomerExternalId!),
            ct);
        var now = clock.UtcNow();
        return inputs.Select(raw =>
        {
            if (ActivityValidator.Check(raw, now, out var input) is { } problem)
            {
                return new CheckedActivity(input, 0, "validation_failed", problem);
            }

            var found = input.Customer is not null ? byId.TryGetValue(input.Customer, out var id) : byExternalId.TryGetValue(input.CustomerExternalId!, out id);
            return found
                ? new CheckedActivity(input, id, null, null)
                : new CheckedActivity(input, 0, "not_found", $"Customer '{input.Customer ?? input.CustomerExternalId}' was not found.");
        }).ToList();
    }
}
