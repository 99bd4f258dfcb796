using TagApi.Core.Customers;

namespace TagApi.Core.Activities;

/// <summary>
/// Folds an activity into a customer's metrics. Order-independent (sums, counts, minimum and
/// maximum), so activities arriving late or out of order leave the same metrics.
/// </summary>
public static class MetricsFolder
{
    public const string PurchaseType = "purchase";

    public static void Fold(CustomerMetrics metrics, string type, DateTime occurredAt, decimal? amount)
    {
        metrics.LastActivityAt = Max(metrics.LastActivityAt, occurredAt);
        if (type != PurchaseType)
        {
            return;
        }

        metrics.TotalSpent += amount ?? 0;
        metrics.OrderCount++;
        metrics.FirstOrderAt = metrics.FirstOrderAt is { } first && first <= occurredAt ? first : occurredAt;
        metrics.LastOrderAt = Max(metrics.LastOrderAt, occurredAt);
    }

    /// <summary>Adds the metrics of a batch of activities (folded into an empty <see cref="CustomerMetrics"/>) to a customer's.</summary>
    public static void Merge(CustomerMetrics metrics, CustomerMetrics delta)
    {
        metrics.TotalSpent += delta.TotalSpent;
        metrics.OrderCount += delta.OrderCount;
        metrics.FirstOrderAt = Min(metrics.FirstOrderAt, delta.FirstOrderAt);
        metrics.LastOrderAt = Max(metrics.LastOrderAt, delta.LastOrderAt);
        metrics.LastActivityAt = Max(metrics.LastActivityAt, delta.LastActivityAt);
    }

    private static DateTime Max(DateTime? current, DateTime candidate) => current is { } c && c >= candidate ? c : candidate;

    private static DateTime? Max(DateTime? a, DateTime? b) => b is { } value ? Max(a, value) : a;

    private static DateTime? Min(DateTime? a, DateTime? b) => a is { } x && b is { } y ? (x <= y ? x : y) : a ?? b;
}
