namespace TagApi.Core.Customers;

/// <summary>Aggregates maintained from the customer's activities.</summary>
public sealed class CustomerMetrics
{
    public decimal TotalSpent { get; set; }

    public int OrderCount { get; set; }

    public DateTime? FirstOrderAt { get; set; }

    public DateTime? LastOrderAt { get; set; }

    public DateTime? LastActivityAt { get; set; }
}
