using TagApi.Core.Customers;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Typed readers for the built-in fields, chosen once per predicate so a scan over a million rows
/// neither switches on the field name nor boxes a value per row.
/// </summary>
internal static class FieldAccessors
{
    private static readonly string[] TypeNames = Enum.GetNames<CustomerType>();
    private static readonly string[] SourceNames = Enum.GetNames<CustomerSource>();

    public static string TypeName(CustomerType type) => TypeNames[(int)type];

    public static string SourceName(CustomerSource source) => SourceNames[(int)source];

    public static Func<CustomerRow, decimal?>? Number(QueryField field, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        return field.Name switch
        {
            "totalSpent" => row => row.TotalSpent,
            "orderCount" => row => row.OrderCount,
            "age" => row => row.BirthDate is { } b ? FieldValues.AgeOn(b, today) : null,
            _ => null,
        };
    }

    public static Func<CustomerRow, DateTime?>? Date(QueryField field) => field.Name switch
    {
        "createdAt" => row => row.CreatedAt,
        "firstOrderAt" => row => row.FirstOrderAt,
        "lastOrderAt" => row => row.LastOrderAt,
        "lastActivityAt" => row => row.LastActivityAt,
        _ => null,
    };

    public static Func<CustomerRow, string?>? Text(QueryField field) => field.Name switch
    {
        "type" => row => TypeNames[(int)row.Type],
        "source" => row => row.Source is { } s ? SourceNames[(int)s] : null,
        "gender" => row => row.Gender,
        "country" => row => row.Country,
        "region" => row => row.Region,
        "city" => row => row.City,
        "industry" => row => row.Industry,
        "locale" => row => row.Locale,
        _ => null,
    };

    public static bool Holds(int order, CompareOperator op) => op switch
    {
        CompareOperator.Equal => order == 0,
        CompareOperator.NotEqual => order != 0,
        CompareOperator.Less => order < 0,
        CompareOperator.LessOrEqual => order <= 0,
        CompareOperator.Greater => order > 0,
        _ => order >= 0,
    };
}
