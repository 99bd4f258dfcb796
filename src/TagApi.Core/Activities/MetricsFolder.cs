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

    private static DateTime Max(DateTime? current, DateTime candidate) => current is { } c && c >= candidate ? c : candidate;
}
