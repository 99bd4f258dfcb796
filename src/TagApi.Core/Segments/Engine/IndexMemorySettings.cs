namespace TagApi.Core.Segments.Engine;

/// <summary>How much memory a node's tenant indexes may hold together.</summary>
public sealed record IndexMemorySettings
{
    /// <summary>
    /// The budget in bytes; 0 means none. Past it, the least recently used tenants' indexes are dropped (and rebuilt
    /// from the database on their next query); the index of the tenant being served is always kept, even alone over it.
    /// </summary>
    public long BudgetBytes { get; init; }
}
