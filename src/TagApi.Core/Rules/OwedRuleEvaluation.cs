using System.Globalization;

namespace TagApi.Core.Rules;

/// <summary>
/// A rule re-evaluation owed to a committed change: the customers it changed, written in the change's own transaction,
/// so the debt outlives the instance that made the change should it die before evaluating them. Born held by that
/// instance's rule worker (which evaluates from memory within moments and then deletes the row), or free when no worker
/// runs there; any instance's worker claims a row whose hold has lapsed (see <see cref="OwedRuleEvaluations"/>).
/// Like the index-change log it is read across tenants by the workers only, so it is not tenant-filtered.
/// </summary>
public sealed class OwedRuleEvaluation
{
    /// <summary>At most this many customers per row, so a large import owes a few rows of bounded size.</summary>
    public const int MaxCustomers = 1000;

    /// <summary>Made by the writer (no round trip for ids; the worker that owes it deletes it by this key).</summary>
    public Guid Id { get; set; }

    public long TenantId { get; set; }

    /// <summary>The changed customers' ids, comma-separated.</summary>
    public required string CustomerIds { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Until when a worker holds it; null or past, any worker may claim it.</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>The claim that holds it (the instance at birth, or a sweep's claim token).</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>The rows a change of <paramref name="customerIds"/> owes, held by <paramref name="holder"/> when one is given.</summary>
    public static List<OwedRuleEvaluation> For(long tenantId, IReadOnlyCollection<long> customerIds, DateTime now, RuleTriggers.Hold? holder) =>
        customerIds.Chunk(MaxCustomers).Select(chunk => new OwedRuleEvaluation
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            CustomerIds = string.Join(',', chunk.Select(id => id.ToString(CultureInfo.InvariantCulture))),
            CreatedAt = now,
            LeaseUntil = holder is { } h ? now + h.Length : null,
            LeaseOwner = holder?.Owner,
        }).ToList();

    /// <summary>The customers of <see cref="CustomerIds"/>.</summary>
    public IEnumerable<long> Customers() => CustomerIds.Split(',').Select(id => long.Parse(id, CultureInfo.InvariantCulture));
}
