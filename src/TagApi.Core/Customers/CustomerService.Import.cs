using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Data.Saving;

namespace TagApi.Core.Customers;

/// <summary>Upserts in bulk: a chunk of an import at a time.</summary>
public sealed partial class CustomerService
{
    // The fields an upsert replaces, by property name in the model's order, each with how its values are told apart
    // (ordinal for text, as a tracked save compares): what a tracked save would report as modified.
    private static readonly (string Name, Func<Customer, Customer, bool> Differs)[] Replaced =
    [
        (nameof(Customer.Attributes), (a, b) => a.Attributes != b.Attributes), (nameof(Customer.BirthDate), (a, b) => a.BirthDate != b.BirthDate),
        (nameof(Customer.City), (a, b) => a.City != b.City), (nameof(Customer.Country), (a, b) => a.Country != b.Country),
        (nameof(Customer.Email), (a, b) => a.Email != b.Email), (nameof(Customer.ExternalId), (a, b) => a.ExternalId != b.ExternalId),
        (nameof(Customer.Gender), (a, b) => a.Gender != b.Gender), (nameof(Customer.Industry), (a, b) => a.Industry != b.Industry),
        (nameof(Customer.Locale), (a, b) => a.Locale != b.Locale), (nameof(Customer.Name), (a, b) => a.Name != b.Name),
        (nameof(Customer.Phone), (a, b) => a.Phone != b.Phone), (nameof(Customer.Region), (a, b) => a.Region != b.Region),
        (nameof(Customer.Source), (a, b) => a.Source != b.Source), (nameof(Customer.SourceDetail), (a, b) => a.SourceDetail != b.SourceDetail),
        (nameof(Customer.Type), (a, b) => a.Type != b.Type),
    ];

    /// <summary>
    /// <see cref="UpsertAsync"/> for many customers at once (a bulk import's chunk): one read of those that exist, one
    /// write, so the change log is written for all of them together. An input that is invalid is returned by its index
    /// instead of failing the rest; a later input for the same externalId applies after an earlier one. Where the
    /// provider writes customers in bulk (PostgreSQL), the chunk goes around the change tracker and its change is logged
    /// through the same pipeline steps a tracked save runs; elsewhere it is one tracked save.
    /// </summary>
    public async Task<CustomerUpsertResult> UpsertManyAsync(IReadOnlyList<CustomerInput> inputs, CancellationToken ct)
    {
        var refused = new Dictionary<int, TagApiException>();
        var valid = new List<(string ExternalId, CustomerInput Input)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            try
            {
                var externalId = inputs[i].ExternalId is { IsSet: true, Value: { Length: > 0 } id } ? id
                    : throw new ValidationFailedException("externalId", "Each customer is named by its externalId.");
                var input = AsReplacement(inputs[i]);
                Validate(input);
                valid.Add((externalId, input));
            }
            catch (ValidationFailedException e)
            {
                refused[i] = e;
            }
        }

        var (created, updated) = await db.RunAsync(() => db.WritesCustomersInBulk ? UpsertAroundTrackerAsync(valid, ct) : UpsertTrackedAsync(valid, ct));
        return new CustomerUpsertResult(created, updated, refused);
    }

    private async Task<(int Created, int Updated)> UpsertTrackedAsync(List<(string ExternalId, CustomerInput Input)> valid, CancellationToken ct)
    {
        var externalIds = valid.Select(v => v.ExternalId).Distinct().ToList();
        var existing = await db.Customers.Where(c => externalIds.Contains(c.ExternalId)).ToDictionaryAsync(c => c.ExternalId, StringComparer.Ordinal, ct);
        int added = 0, replaced = 0;
        foreach (var (externalId, input) in valid)
        {
            if (!existing.TryGetValue(externalId, out var customer))
            {
                existing[externalId] = customer = NewCustomer(externalId);
                db.Customers.Add(customer);
                added++;
            }
            else
            {
                replaced++;
            }

            Apply(customer, input, patchAttributes: false);
        }

        await db.SaveChangesAsync(ct);
        return (added, replaced);
    }

    // The same decisions as the tracked path (Apply on each input in file order), compared at the end against what was
    // read, as a tracked save compares current values with original ones; then one bulk write and the logged change.
    private async Task<(int Created, int Updated)> UpsertAroundTrackerAsync(List<(string ExternalId, CustomerInput Input)> valid, CancellationToken ct)
    {
        var externalIds = valid.Select(v => v.ExternalId).Distinct().ToList();
        var existing = (await db.ReadCustomersByExternalIdAsync(externalIds, ct)).ToDictionary(c => c.ExternalId, StringComparer.Ordinal);
        var before = existing.Values.ToDictionary(c => c.Id, c => c.Copy());
        var fresh = new List<Customer>();
        var order = new List<Customer>();
        var seen = new HashSet<Customer>(ReferenceEqualityComparer.Instance);
        int replaced = 0;
        foreach (var (externalId, input) in valid)
        {
            if (!existing.TryGetValue(externalId, out var customer))
            {
                existing[externalId] = customer = NewCustomer(externalId);
                fresh.Add(customer);
            }
            else
            {
                replaced++;
            }

            if (seen.Add(customer))
            {
                order.Add(customer);
            }

            Apply(customer, input, patchAttributes: false);
        }

        var written = new WrittenChange();
        var updated = new List<(Customer Customer, long ExpectedVersion)>();
        var changedOf = new Dictionary<Customer, string[]>(ReferenceEqualityComparer.Instance);
        foreach (var customer in order.Where(c => c.Id != 0 && c.Version != before[c.Id].Version))
        {
            var original = before[customer.Id];
            changedOf[customer] = [.. Replaced.Where(f => f.Differs(original, customer)).Select(f => f.Name)];
            updated.Add((customer, original.Version));
        }

        await using var transaction = await OwnTransaction.BeginAsync(db, ct);
        await db.WriteCustomersAsync(fresh, updated, ct);
        foreach (var customer in order)
        {
            if (changedOf.TryGetValue(customer, out var changed))
            {
                written.Updated(customer, changed);
            }
            else if (customer.Id == 0 || !before.ContainsKey(customer.Id))
            {
                written.Created(customer);
            }
        }

        await db.SaveWrittenAsync(written, ct);
        await transaction.CommitAsync(ct);
        return (fresh.Count, replaced);
    }
}

/// <summary>What <see cref="CustomerService.UpsertManyAsync"/> did.</summary>
/// <param name="Created">Customers created.</param>
/// <param name="Updated">Inputs applied to a customer that existed (unchanged ones included).</param>
/// <param name="Refused">Invalid inputs, by their index, with why.</param>
public sealed record CustomerUpsertResult(int Created, int Updated, IReadOnlyDictionary<int, TagApiException> Refused);
