using TagApi.Core.Segments.Query;

namespace TagApi.Api.Tests.Segments;

/// <summary>Random, valid segment queries over a known set of names (fixed seed, so failures reproduce).</summary>
public sealed class QueryGenerator(Random random, IReadOnlyList<string> tags, IReadOnlyList<string> categories, IReadOnlyList<string> segments)
{
    public static readonly string[] Cities = ["Shanghai", "Beijing", "Hangzhou", "Shenzhen"];
    public static readonly string[] Countries = ["CN", "US", "DE"];
    public static readonly string[] Tiers = ["gold", "silver", "bronze"];

    public QueryNode Next(int depth = 0)
    {
        var roll = random.Next(depth >= 3 ? 6 : 10);
        return roll switch
        {
            6 => new AndNode([.. Enumerable.Range(0, random.Next(2, 4)).Select(_ => Next(depth + 1))]),
            7 => new OrNode([.. Enumerable.Range(0, random.Next(2, 4)).Select(_ => Next(depth + 1))]),
            8 => new NotNode(Next(depth + 1)),
            9 when segments.Count > 0 => new SegmentRef(Pick(segments)),
            _ => Predicate(),
        };
    }

    public static readonly string[] ActivityTypes = ["interaction", "purchase", "visit", "refund"];
    public static readonly string[] Channels = ["email", "chat", "store"];

    private QueryNode Predicate() => random.Next(20) switch
    {
        17 => new AggregateCompare(
            new CountAggregate(Pick(ActivityTypes), random.Next(2) == 0 ? null : Pick(Channels), Window()), Operator(), random.Next(0, 4)),
        18 => new AggregateCompare(new SumAggregate("purchase", Window()), Operator(), random.Next(0, 6000)),
        19 => new AggregateCompare(new DaysSinceAggregate(Pick(ActivityTypes)), Operator(), random.Next(0, 200)),
        0 or 1 => new TagEquals(Pick(tags)),
        2 => new TagNotEquals(Pick(tags)),
        3 => new TagIn([Pick(tags), Pick(tags), Pick(tags)]),
        4 => new TagUnder(Pick(tags)),
        5 => new CategoryEquals(Pick(categories), Pick(tags)),
        6 => new CategoryIsNull(Pick(categories), random.Next(2) == 0),
        7 => Text("city", Cities),
        8 => Text("country", Countries),
        9 => new FieldIsNull(Field("gender"), random.Next(2) == 0),
        10 => new FieldIn(Field("city"), [new StringValue(Pick(Cities)), new StringValue(Pick(Cities))]),
        11 => random.Next(2) == 0 ? new FieldContains(Field("city"), "ha") : new FieldStartsWith(Field("city"), "sh"),
        12 => new FieldCompare(Field("type"), CompareOperator.Equal, new StringValue(random.Next(2) == 0 ? "individual" : "company")),
        13 => new FieldCompare(QueryField.Attribute("vipLevel"), Operator(), new NumberValue(random.Next(0, 6))),
        14 => new FieldCompare(Field("age"), Operator(), new NumberValue(random.Next(15, 70))),
        15 => new FieldCompare(Field("totalSpent"), Operator(), new NumberValue(random.Next(0, 5000))),
        _ => new FieldCompare(Field("createdAt"), Operator(), new RelativeTimeValue(-random.Next(1, 400), DurationUnit.Days)),
    };

    private FieldCompare Text(string field, string[] values) =>
        new(Field(field), random.Next(3) == 0 ? CompareOperator.NotEqual : CompareOperator.Equal, new StringValue(Pick(values)));

    private QueryDuration Window() => random.Next(4) == 0 ? new QueryDuration(random.Next(1, 72), DurationUnit.Hours) : new QueryDuration(random.Next(1, 400), DurationUnit.Days);

    private CompareOperator Operator() => (CompareOperator)random.Next(6);

    private static QueryField Field(string name) => QueryField.TryGetBuiltin(name, out var field) ? field : throw new ArgumentException(name);

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
