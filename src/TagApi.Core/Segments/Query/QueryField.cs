using System.Diagnostics.CodeAnalysis;

namespace TagApi.Core.Segments.Query;

/// <summary>What values a field holds, which decides the literals and operators it accepts.</summary>
public enum QueryFieldKind
{
    /// <summary>Text: compared with <c>= != IN CONTAINS STARTS WITH</c> and single-quoted strings.</summary>
    Text,

    /// <summary>A number: compared with numbers.</summary>
    Number,

    /// <summary>A moment: compared with dates (<c>2026-01-31</c>) or relative times (<c>-30d</c>, <c>today</c>).</summary>
    Date,

    /// <summary>A custom attribute whose JSON type is only known per customer: any literal.</summary>
    Any,
}

/// <summary>
/// A customer field a predicate reads: one of the built-in fields of PRODUCT.md §3 or a
/// custom attribute <c>attributes.&lt;name&gt;</c> (dots reach into nested objects).
/// </summary>
public sealed record QueryField
{
    /// <summary>The prefix of custom attribute fields.</summary>
    public const string AttributesPrefix = "attributes.";

    private static readonly QueryField[] BuiltinFields =
    [
        new("type", QueryFieldKind.Text), new("gender", QueryFieldKind.Text), new("country", QueryFieldKind.Text),
        new("region", QueryFieldKind.Text), new("city", QueryFieldKind.Text), new("industry", QueryFieldKind.Text),
        new("source", QueryFieldKind.Text), new("locale", QueryFieldKind.Text),
        new("age", QueryFieldKind.Number, personalSource: "birthDate"), new("totalSpent", QueryFieldKind.Number), new("orderCount", QueryFieldKind.Number),
        new("createdAt", QueryFieldKind.Date), new("firstOrderAt", QueryFieldKind.Date),
        new("lastOrderAt", QueryFieldKind.Date), new("lastActivityAt", QueryFieldKind.Date),
        Value("recencyDays", QueryFieldKind.Number), Value("frequency", QueryFieldKind.Number), Value("monetary", QueryFieldKind.Number),
        Value("rfm.r", QueryFieldKind.Number), Value("rfm.f", QueryFieldKind.Number), Value("rfm.m", QueryFieldKind.Number),
        Value(RfmSegmentName, QueryFieldKind.Text), Value("pAlive", QueryFieldKind.Number), Value("expectedPurchases90d", QueryFieldKind.Number),
        Value("predictedClv365d", QueryFieldKind.Number),
    ];

    private QueryField(string name, QueryFieldKind kind, string? personalSource = null, bool isCustomerValue = false)
    {
        Name = name;
        Kind = kind;
        PersonalSource = personalSource;
        IsCustomerValue = isCustomerValue;
    }

    /// <summary>The named RFM segment's field.</summary>
    public const string RfmSegmentName = "rfm.segment";

    /// <summary>The prefix of the RFM score fields (<c>rfm.r</c>, <c>rfm.segment</c>…).</summary>
    public const string RfmPrefix = "rfm";

    /// <summary>The canonical name: <c>city</c>, <c>lastOrderAt</c>, <c>attributes.vipLevel</c>.</summary>
    public string Name { get; }

    /// <summary>What values the field holds.</summary>
    public QueryFieldKind Kind { get; }

    /// <summary>
    /// The PII field (PRODUCT.md §1: name, email, phone, birthDate) this field is derived from —
    /// <c>birthDate</c> for <c>age</c> — or null when it reads no personal data. Reading such a
    /// field needs <c>customers:pii</c>, since a query over it reveals the hidden value.
    /// Custom attributes are never personal by definition.
    /// </summary>
    public string? PersonalSource { get; }

    /// <summary>
    /// A customer value field (docs/customer-value.md): computed from the purchase timeline and the tenant's value
    /// model, and measured from the query's "now", so it is never answered from a column or a cached plan.
    /// </summary>
    public bool IsCustomerValue { get; }

    /// <summary>The attribute path after <c>attributes.</c>, or null for a built-in field.</summary>
    public string? AttributePath => Name.StartsWith(AttributesPrefix, StringComparison.Ordinal) ? Name[AttributesPrefix.Length..] : null;

    /// <summary>The built-in fields, in the order PRODUCT.md lists them.</summary>
    public static IReadOnlyList<QueryField> Builtins => BuiltinFields;

    /// <summary>Finds a built-in field by name, ignoring case (<c>CITY</c> is <c>city</c>).</summary>
    public static bool TryGetBuiltin(string name, [MaybeNullWhen(false)] out QueryField field)
    {
        field = Array.Find(BuiltinFields, f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        return field is not null;
    }

    /// <summary>
    /// A custom attribute field. Attribute names keep their case, since they are the
    /// customer's own JSON keys. Each dot-separated part starts with a letter or <c>_</c>
    /// and continues with letters, digits or <c>_</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The path is not a valid attribute path.</exception>
    public static QueryField Attribute(string path) =>
        IsValidAttributePath(path)
            ? new QueryField(AttributesPrefix + path, QueryFieldKind.Any)
            : throw new ArgumentException($"'{path}' is not a valid attribute path.", nameof(path));

    /// <summary>Resolves <c>city</c> or <c>attributes.vipLevel</c>; false for unknown names.</summary>
    public static bool TryParse(string name, [MaybeNullWhen(false)] out QueryField field)
    {
        if (name.StartsWith(AttributesPrefix, StringComparison.OrdinalIgnoreCase)
            && IsValidAttributePath(name[AttributesPrefix.Length..]))
        {
            field = new QueryField(AttributesPrefix + name[AttributesPrefix.Length..], QueryFieldKind.Any);
            return true;
        }

        return TryGetBuiltin(name, out field);
    }

    /// <summary>True when every dot-separated part is an identifier.</summary>
    public static bool IsValidAttributePath(string path) =>
        path.Length > 0 && path.Split('.').All(IsIdentifier);

    /// <summary>The canonical name.</summary>
    public override string ToString() => Name;

    private static QueryField Value(string name, QueryFieldKind kind) => new(name, kind, isCustomerValue: true);

    internal static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    internal static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    internal static bool IsIdentifier(string part) =>
        part.Length > 0 && IsIdentifierStart(part[0]) && part.All(IsIdentifierPart);
}
