using System.Text.Json;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Engine;

/// <summary>Reads a field of a customer row and compares values across the kinds a query can hold.</summary>
internal static class FieldValues
{
    public static object? Read(CustomerRow row, QueryField field, DateTime now) => field.Name switch
    {
        "type" => row.Type.ToString(),
        "gender" => row.Gender,
        "country" => row.Country,
        "region" => row.Region,
        "city" => row.City,
        "industry" => row.Industry,
        "source" => row.Source?.ToString(),
        "locale" => row.Locale,
        "age" => row.BirthDate is { } b ? (decimal?)AgeOn(b, DateOnly.FromDateTime(now)) : null,
        "totalSpent" => row.TotalSpent,
        "orderCount" => (decimal)row.OrderCount,
        "createdAt" => row.CreatedAt,
        "firstOrderAt" => row.FirstOrderAt,
        "lastOrderAt" => row.LastOrderAt,
        "lastActivityAt" => row.LastActivityAt,
        _ => Attribute(row, field.AttributePath!),
    };

    public static int AgeOn(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        return birthDate.AddYears(age) > today ? age - 1 : age;
    }

    public static object? Literal(QueryValue value, DateTime now) => value switch
    {
        NumberValue n => n.Value,
        StringValue s => s.Value,
        BooleanValue b => b.Value,
        DateValue d => d.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        RelativeTimeValue r => r.ResolveAt(now).UtcDateTime,
        TodayValue => TodayValue.ResolveAt(now).UtcDateTime,
        _ => null,
    };

    /// <summary>Order of two values of the same kind; null when either is missing or the kinds differ.</summary>
    public static int? CompareTo(object? actual, object? expected, bool ignoreCase)
    {
        if (actual is JsonElement element)
        {
            actual = element.ValueKind switch
            {
                JsonValueKind.Number => element.TryGetDecimal(out var d) ? d : null,
                JsonValueKind.String => element.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
        }

        return (actual, expected) switch
        {
            (decimal a, decimal e) => a.CompareTo(e),
            (string a, string e) => string.Compare(a, e, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
            (bool a, bool e) => a.CompareTo(e),
            (DateTime a, DateTime e) => a.CompareTo(e),
            _ => null,
        };
    }

    public static int CompareNumbers(decimal a, decimal b) => a.CompareTo(b);

    private static JsonElement? Attribute(CustomerRow row, string path)
    {
        var parts = path.Split('.');
        if (!row.Attributes.TryGetValue(parts[0], out var current))
        {
            return null;
        }

        foreach (var part in parts.Skip(1))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }
}
