namespace TagApi.Core.Value;

/// <summary>
/// How customer value (RFM and the predicted-value model) is computed and refreshed. The host binds these from its
/// <c>CustomerValue</c> section; the defaults serve hosts without configuration.
/// </summary>
public sealed record CustomerValueSettings
{
    /// <summary>The activity type whose activities are purchases (their <c>amount</c> is the spend).</summary>
    public string PurchaseType { get; init; } = "purchase";

    /// <summary>The trailing window of <c>frequency</c> and <c>monetary</c>.</summary>
    public int WindowDays { get; init; } = 365;

    /// <summary>The longest a tenant's quintile edges and model fit go without being recomputed.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// After customers changed, how old the edges and fit must be before a read recomputes them; per-customer inputs
    /// are always current, only the tenant-wide edges and parameters wait.
    /// </summary>
    public TimeSpan RecomputeAfterChange { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Purchasing customers a tenant needs before RFM scores are given.</summary>
    public int MinRfmCustomers { get; init; } = 5;

    /// <summary>Purchasing customers a tenant needs before the purchase model is fitted.</summary>
    public int MinFitCustomers { get; init; } = 100;

    /// <summary>Customers with a repeat purchase a tenant needs before the models are fitted.</summary>
    public int MinRepeatCustomers { get; init; } = 20;
}
