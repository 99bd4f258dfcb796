using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Value;

/// <summary>
/// The customer value fields of the query language as predicates on rows and as values for explain. A missing
/// value (no purchases, a thin tenant) makes every comparison false, as for any other field.
/// </summary>
internal static class ValueFields
{
    /// <summary>True for a field predicate on a customer value field.</summary>
    public static bool Reads(QueryNode node) => FieldNodes.FieldOf(node) is { IsCustomerValue: true };

    public static Func<CustomerRow, bool> Compile(QueryNode node, TenantValueModel model, DateTime now)
    {
        var field = FieldNodes.FieldOf(node)!;
        Func<CustomerRow, object?> read = field.Kind == QueryFieldKind.Text ? row => Text(row, field, model, now) : row => Number(row, field, model, now);
        return node switch
        {
            FieldCompare c => Compare(read, c.Operator, c.Value),
            FieldBetween b => row => read(row) is { } v && Order(v, b.Lower) >= 0 && Order(v, b.Upper) <= 0,
            FieldIn i => row => read(row) is { } v && i.Values.Any(value => Order(v, value) == 0),
            FieldIsNull n => row => (read(row) is null) != n.Negated,
            FieldContains c => row => read(row) is string s && s.Contains(c.Text, StringComparison.OrdinalIgnoreCase),
            FieldStartsWith p => row => read(row) is string s && s.StartsWith(p.Prefix, StringComparison.OrdinalIgnoreCase),
            _ => throw new InvalidOperationException($"Not a field predicate: {node.GetType().Name}"),
        };
    }

    /// <summary>The field's value for one customer, as a predicate compares it.</summary>
    public static object? Read(CustomerRow row, QueryField field, TenantValueModel model, DateTime now) =>
        field.Kind == QueryFieldKind.Text ? Text(row, field, model, now) : Number(row, field, model, now);

    private static Func<CustomerRow, bool> Compare(Func<CustomerRow, object?> read, CompareOperator op, QueryValue value) =>
        row => read(row) is { } v && Order(v, value) is { } order && FieldAccessors.Holds(order, op);

    private static int? Order(object actual, QueryValue expected) => (actual, expected) switch
    {
        (decimal a, NumberValue e) => a.CompareTo(e.Value),
        (string a, StringValue e) => string.CompareOrdinal(a, e.Value),
        _ => null,
    };

    private static string? Text(CustomerRow row, QueryField field, TenantValueModel model, DateTime now) =>
        field.Name == QueryField.RfmSegmentName ? Measures(row, model, now) is { } m ? CustomerValueCalculator.Score(model, m.Recency, m.Frequency, m.MonetaryUnits)?.Segment : null : null;

    private static decimal? Number(CustomerRow row, QueryField field, TenantValueModel model, DateTime now)
    {
        if (model.PurchaseType is not { } type)
        {
            return field.Name is "frequency" or "monetary" ? 0 : null;
        }

        switch (field.Name)
        {
            case "frequency":
                return row.Activities.CountAfter(WindowStart(model, now), type, null);
            case "monetary":
                return (decimal)row.Activities.SumAfter(WindowStart(model, now), type) / ActivityPoint.AmountUnits;
            case "recencyDays":
                return row.Activities.LatestTicks(type) is { } last ? AggregatePredicates.WholeDays(now.Ticks - last) : null;
            case "rfm.r" or "rfm.f" or "rfm.m":
                var score = Measures(row, model, now) is { } m ? CustomerValueCalculator.Score(model, m.Recency, m.Frequency, m.MonetaryUnits) : null;
                return score is null ? null : field.Name[^1] switch { 'r' => score.R, 'f' => score.F, _ => score.M };
            default:
                return Predicted(row, field.Name, model, type, now);
        }
    }

    /// <summary>
    /// A prediction for one customer. It reads the clock only through whole days (T), so for one model it stays the
    /// same all day until the customer changes: what lets <see cref="PredictedValueColumns"/> keep it as a column.
    /// </summary>
    internal static decimal? Predicted(CustomerRow row, string name, TenantValueModel model, DateTime now) =>
        model.PurchaseType is { } type ? Predicted(row, name, model, type, now) : null;

    private static decimal? Predicted(CustomerRow row, string name, TenantValueModel model, ushort type, DateTime now)
    {
        if (model.Fit is not { } fit || PurchaseSummary.Of(row.Activities, type) is not { } s)
        {
            return null;
        }

        var stats = new PurchaseStats(s.RepeatCount, s.RecencySpan, s.Age(now));
        double? value = name switch
        {
            "pAlive" => BgNbd.ProbabilityAlive(fit.Purchases.Parameters, stats),
            "expectedPurchases90d" when model.ExpectationReason is null => BgNbd.ExpectedPurchases(fit.Purchases.Parameters, stats, CustomerValueCalculator.ShortHorizonDays),
            "predictedClv365d" when model.SpendReason is null =>
                BgNbd.ExpectedPurchases(fit.Purchases.Parameters, stats, CustomerValueCalculator.ClvHorizonDays)
                * GammaGamma.ExpectedSpend(fit.Spend!.Parameters, new SpendStats(s.RepeatCount, s.MeanRepeatSpend ?? 0)),
            _ => null,
        };
        return CustomerValueCalculator.Rounded(value) is { } v ? (decimal)v : null;
    }

    private static (int Recency, int Frequency, long MonetaryUnits)? Measures(CustomerRow row, TenantValueModel model, DateTime now)
    {
        if (model.PurchaseType is not { } type || row.Activities.LatestTicks(type) is not { } last)
        {
            return null;
        }

        var from = WindowStart(model, now);
        return ((int)AggregatePredicates.WholeDays(now.Ticks - last), row.Activities.CountAfter(from, type, null), row.Activities.SumAfter(from, type));
    }

    private static long WindowStart(TenantValueModel model, DateTime now) => (now - TimeSpan.FromDays(model.Settings.WindowDays)).Ticks;
}
