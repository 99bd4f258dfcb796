using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments.Columns;

/// <summary>Random field predicates of every shape, with literals of the field's kind and, now and then, of another.</summary>
internal sealed class RandomFieldPredicates(Random random, DateTime now)
{
    private static readonly string[] Fields =
    [
        "type", "gender", "country", "city", "source", "locale", "age", "totalSpent", "orderCount",
        "createdAt", "firstOrderAt", "lastOrderAt", "lastActivityAt",
        "attributes.vipLevel", "attributes.tier", "attributes.flag", "attributes.nested.x", "attributes.never", "attributes.a.b",
    ];

    private static readonly string[] Texts = ["Individual", "individual", "Company", "online", "Offline", "female", "CN", "zh-CN", "high", "gold", "Gold", "s", "sh"];

    public QueryNode Next() => random.Next(10) switch
    {
        0 => new AndNode(new TagEquals("vip"), Predicate()),
        1 => new NotNode(Predicate()),
        2 => new AndNode(Predicate(), Predicate()),
        3 => new OrNode(new TagEquals("vip"), Predicate()),
        4 => new AndNode(new TagEquals("vip"), new NotNode(Predicate())),
        _ => Predicate(),
    };

    private QueryNode Predicate()
    {
        if (!QueryField.TryParse(Fields[random.Next(Fields.Length)], out var field))
        {
            throw new InvalidOperationException("Every listed field parses.");
        }

        return random.Next(8) switch
        {
            0 => new FieldBetween(field, Value(field), Value(field)),
            1 => new FieldIn(field, [Value(field), Value(field)]),
            2 => new FieldIsNull(field, random.Next(2) == 0),
            3 when field.Kind is QueryFieldKind.Text or QueryFieldKind.Any => new FieldContains(field, Texts[random.Next(Texts.Length)]),
            4 when field.Kind is QueryFieldKind.Text or QueryFieldKind.Any => new FieldStartsWith(field, Texts[random.Next(Texts.Length)]),
            _ => new FieldCompare(field, (CompareOperator)random.Next(6), Value(field)),
        };
    }

    private QueryValue Value(QueryField field) => field.Kind switch
    {
        QueryFieldKind.Date => DateLike(),
        QueryFieldKind.Number => random.Next(10) == 0 ? Text() : Number(),
        QueryFieldKind.Text => random.Next(10) == 0 ? Number() : Text(),
        _ => random.Next(5) switch
        {
            0 => Text(),
            1 => new BooleanValue(random.Next(2) == 0),
            2 => DateLike(),
            _ => Number(),
        },
    };

    private QueryValue DateLike() => random.Next(4) switch
    {
        0 => new DateValue(DateOnly.FromDateTime(now).AddDays(-random.Next(0, 60))),
        1 => new RelativeTimeValue(-random.Next(0, 60), DurationUnit.Days),
        2 => new RelativeTimeValue(-random.Next(0, 1000), DurationUnit.Hours),
        _ => new TodayValue(),
    };

    private NumberValue Number() => new(random.Next(4) switch
    {
        0 => RandomCustomers.Amounts[random.Next(RandomCustomers.Amounts.Length)],
        1 => random.Next(0, 80),
        _ => random.Next(-1, 5000) / (random.Next(2) == 0 ? 1m : 100m),
    });

    private StringValue Text() => random.Next(3) == 0
        ? new(RandomCustomers.Cities[random.Next(RandomCustomers.Cities.Length)])
        : new(random.Next(2) == 0 ? Texts[random.Next(Texts.Length)] : RandomCustomers.Tiers[random.Next(RandomCustomers.Tiers.Length)]);
}
