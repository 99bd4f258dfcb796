namespace TagApi.Core.Data.Saving;

/// <summary>
/// A change this instance committed, as <see cref="CommitNotifications"/> publishes it: what the in-memory index
/// mirrors, so subscribers (the rule evaluator, the membership projector) can look at exactly the customers it touched.
/// </summary>
/// <param name="TenantId">The tenant the change belongs to.</param>
/// <param name="CustomerIds">Customers whose fields, tags or activities changed, created and deleted ones included.</param>
/// <param name="ActivityCustomers">Those of them whose activities changed.</param>
/// <param name="CatalogChanged">Whether the tag structure (tags, aliases, categories) changed.</param>
/// <param name="OwedRuleEvaluations">The owed rule evaluations the change wrote (see <see cref="Rules.OwedRuleEvaluation"/>),
/// which this instance's rule worker deletes once it has evaluated the customers.</param>
public sealed record CommittedChange(
    long TenantId, IReadOnlyCollection<long> CustomerIds, IReadOnlyCollection<long> ActivityCustomers, bool CatalogChanged,
    IReadOnlyCollection<Guid> OwedRuleEvaluations)
{
    /// <summary>A change that owes no rule evaluation of its own.</summary>
    public CommittedChange(long TenantId, IReadOnlyCollection<long> CustomerIds, IReadOnlyCollection<long> ActivityCustomers, bool CatalogChanged)
        : this(TenantId, CustomerIds, ActivityCustomers, CatalogChanged, [])
    {
    }

    /// <summary>
    /// The stamps of the transactions whose index-log rows carry this change, when the provider told them (see
    /// <see cref="Segments.Engine.OwnCommits"/>); empty otherwise, and then the follower reads the rows as any other.
    /// </summary>
    public IReadOnlyCollection<long> TxStamps { get; init; } = [];
}
