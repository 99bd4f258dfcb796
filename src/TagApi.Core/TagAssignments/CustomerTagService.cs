using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Tags;

namespace TagApi.Core.TagAssignments;

/// <summary>Reads and changes the tags of one customer, and reads its tag ledger.</summary>
public sealed class CustomerTagService(TagApiDbContext db, CustomerLookup customers, TagLookup tags, TagChangeWriter writer, TimeProvider clock)
{
    public const int MaxTagsPerRequest = 100;

    /// <summary>The customer's current tags (expired ones are already gone for the reader).</summary>
    public async Task<IReadOnlyList<TagAssignment>> ListAsync(string customerId, CancellationToken ct)
    {
        var customer = await customers.GetAsync(customerId, ct);
        return await CurrentAsync(customer.Id, ct);
    }

    /// <summary>Adds and removes tags with set semantics; returns the customer as saved, what really changed and its tags now.</summary>
    public async Task<CustomerTagChange> ChangeAsync(
        string customerId, IReadOnlyList<string> add, IReadOnlyList<string> remove, DateTime? expiresAt, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        CheckRequest(errors, add, remove, expiresAt);
        errors.ThrowIfAny();

        return await db.RunAsync(async () =>
        {
            var (customer, held) = await customers.GetTrackedWithHoldingsAsync(customerId, ct);
            var resolved = await tags.FindManyAsync(add.Concat(remove), ct);
            CheckTags(errors, "add", add, resolved);
            CheckTags(errors, "remove", remove, resolved);
            CheckExclusiveClashes(errors, add.Where(resolved.ContainsKey).Select(r => resolved[r]).ToList());
            errors.ThrowIfAny();
            if (resolved.Values.FirstOrDefault(t => t.RuleOwned) is { } ruleOwned)
            {
                throw new ConflictException("rule_owned", $"Tag '{ruleOwned.Key}' is managed by a tagging rule and cannot be changed by hand.");
            }

            var requests = remove.Select(r => TagChangeRequest.Remove(customer.Id, resolved[r]))
                .Concat(add.Select(r => TagChangeRequest.Add(customer.Id, resolved[r], expiresAt)))
                .ToList();
            var applied = writer.StageForCustomer(customer, held, requests, TagChangeOrigin.Manual(db.Tenant.ClientId));
            await db.SaveChangesAsync(ct);
            var now = clock.UtcNow();
            return new CustomerTagChange(customer, applied, [.. held.Where(a => a.ExpiresAt == null || a.ExpiresAt > now).OrderBy(a => a.AssignedAt).ThenBy(a => a.TagId)]);
        });
    }

    /// <summary>The ledger, newest first; <see cref="PageRequest.AfterId"/> continues below that entry.</summary>
    public async Task<Page<TagHistoryEntry>> HistoryAsync(string customerId, PageRequest page, CancellationToken ct)
    {
        var customer = await customers.GetAsync(customerId, ct);
        return await db.TagHistory.AsNoTracking().Where(h => h.CustomerId == customer.Id).ToPageAsync(page, h => h.Id, ct, descending: true);
    }

    // The customer's current tags (with tag and category), oldest assignment first.
    private async Task<List<TagAssignment>> CurrentAsync(long customerId, CancellationToken ct)
    {
        var current = new List<TagAssignment>();
        await foreach (var assignment in Current.For(db)(db, customerId, clock.UtcNow()).WithCancellation(ct))
        {
            current.Add(assignment);
        }

        return current;
    }

    // Compiled: the read behind every listing of one customer's tags.
    private static readonly CompiledQuery<Func<TagApiDbContext, long, DateTime, IAsyncEnumerable<TagAssignment>>> Current = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long customerId, DateTime now) => db.TagAssignments.AsNoTracking().Include(a => a.Tag).ThenInclude(t => t!.Category)
            .Where(a => a.CustomerId == customerId && (a.ExpiresAt == null || a.ExpiresAt > now))
            .OrderBy(a => a.AssignedAt).ThenBy(a => a.TagId).AsQueryable()));

    private void CheckRequest(ValidationErrors errors, IReadOnlyList<string> add, IReadOnlyList<string> remove, DateTime? expiresAt)
    {
        if (add.Count + remove.Count == 0)
        {
            errors.Add("add", "Give at least one tag to add or remove.");
        }

        if (add.Count + remove.Count > MaxTagsPerRequest)
        {
            errors.Add("add", $"At most {MaxTagsPerRequest} tags can be changed in one request; use /v1/tag-assignments for more.");
        }

        foreach (var both in add.Intersect(remove, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("remove", $"Tag '{both}' is both added and removed.");
        }

        if (expiresAt is { } at && at <= clock.UtcNow())
        {
            errors.Add("expiresAt", "The expiry must be in the future.");
        }
    }

    private static void CheckTags(ValidationErrors errors, string list, IReadOnlyList<string> references, Dictionary<string, Tag> resolved)
    {
        for (var i = 0; i < references.Count; i++)
        {
            if (!resolved.ContainsKey(references[i]))
            {
                errors.Add($"{list}[{i}]", $"Tag '{references[i]}' does not exist.");
            }
        }
    }

    internal static void CheckExclusiveClashes(ValidationErrors errors, IReadOnlyList<Tag> added)
    {
        foreach (var group in added.Where(t => t.Category?.Exclusive == true).DistinctBy(t => t.Id).GroupBy(t => t.CategoryId).Where(g => g.Count() > 1))
        {
            errors.Add("add", $"Tags {string.Join(", ", group.Select(t => $"'{t.Key}'"))} are all in exclusive category '{group.First().Category!.Key}'; a customer holds only one.");
        }
    }
}

/// <summary>What <see cref="CustomerTagService.ChangeAsync"/> did.</summary>
/// <param name="Customer">The customer as saved.</param>
/// <param name="Applied">The changes that really happened.</param>
/// <param name="Current">The customer's current tags as the change left them (with tag and category), oldest assignment first.</param>
public sealed record CustomerTagChange(Customer Customer, IReadOnlyList<AppliedTagChange> Applied, IReadOnlyList<TagAssignment> Current);
