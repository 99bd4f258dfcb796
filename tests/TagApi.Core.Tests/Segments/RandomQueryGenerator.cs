using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments;

/// <summary>
/// Builds random, valid queries: every node kind, values that obey the type rules, awkward
/// strings (quotes, "--", newlines, CJK, emoji), and trees within the size limits.
/// </summary>
internal sealed class RandomQueryGenerator(int seed)
{
    private const string KeyAlphabet = "abcxyz_09-' .价值é";
    private const string TextAlphabet = "aZ '' -- \n\t价值😀é\\\"%_()";
    private static readonly string[] Keywords = ["and", "or", "not", "in", "is", "null", "true", "today", "count", "tag"];

    private readonly Random _random = new(seed);
    private int _budget;

    public QueryNode Next()
    {
        while (true)
        {
            _budget = _random.Next(1, 60);
            var maxDepth = Pick(3, 6, 10, QueryLimits.MaxDepth);
            var query = Node(0, maxDepth);

            // The budget is soft (a junction still fills its operands), so trees past the limit are drawn again.
            if (QueryWalker.Predicates(query).Count() <= QueryLimits.MaxPredicates)
            {
                return query;
            }
        }
    }

    private QueryNode Node(int depth, int maxDepth)
    {
        if (_budget <= 1 || depth >= maxDepth || _random.NextDouble() < 0.3)
        {
            _budget--;
            return Leaf();
        }

        return _random.Next(3) switch
        {
            0 => new NotNode(Node(depth + 1, maxDepth)),
            1 => new AndNode([.. Enumerable.Range(0, _random.Next(2, 5)).Select(_ => Node(depth + 1, maxDepth))]),
            _ => new OrNode([.. Enumerable.Range(0, _random.Next(2, 5)).Select(_ => Node(depth + 1, maxDepth))]),
        };
    }

    private QueryNode Leaf() => _random.Next(14) switch
    {
        0 => new TrueNode(),
        1 => new TagEquals(Key()),
        2 => new TagNotEquals(Key()),
        3 => new TagIn([.. Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Key())]),
        4 => new TagUnder(Key()),
        5 => new CategoryEquals(Identifier().ToLowerInvariant(), Key()),
        6 => new CategoryIsNull(Identifier().ToLowerInvariant(), Coin()),
        7 => new SegmentRef(Key()),
        8 => Compare(),
        9 => Between(),
        10 => FieldIn(),
        11 => new FieldIsNull(AnyField(), Coin()),
        12 => Coin() ? new FieldContains(TextField(), Text()) : new FieldStartsWith(TextField(), Text()),
        _ => new AggregateCompare(Aggregate(), Operator(), Number().Value),
    };

    private FieldCompare Compare()
    {
        var field = AnyField();
        var value = Value(field);
        var op = value is StringValue or BooleanValue ? Pick(CompareOperator.Equal, CompareOperator.NotEqual) : Operator();
        return new FieldCompare(field, op, value);
    }

    private FieldBetween Between()
    {
        var field = Pick(Q.Field("age"), Q.Field("totalSpent"), Q.Field("createdAt"), Q.Field("lastOrderAt"), Attribute());
        var kind = field.Kind == QueryFieldKind.Any ? Pick(QueryFieldKind.Number, QueryFieldKind.Date) : field.Kind;
        if (kind == QueryFieldKind.Number)
        {
            var (a, b) = (Number().Value, Number().Value);
            return new FieldBetween(field, new NumberValue(Math.Min(a, b)), new NumberValue(Math.Max(a, b)));
        }

        if (Coin())
        {
            var (a, b) = (Date().Value, Date().Value);
            return new FieldBetween(field, new DateValue(a < b ? a : b), new DateValue(a < b ? b : a));
        }

        var (x, y) = (Relative(), Relative());
        return x.TotalHours <= y.TotalHours ? new FieldBetween(field, x, y) : new FieldBetween(field, y, x);
    }

    private FieldIn FieldIn()
    {
        var field = AnyField();
        return new FieldIn(field, [.. Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Value(field))]);
    }

    private ActivityAggregate Aggregate()
    {
        var type = Coin() ? Identifier().ToLowerInvariant() : Key();
        var window = Coin()
            ? new QueryDuration(_random.Next(1, QueryLimits.MaxWindowDays + 1), DurationUnit.Days)
            : new QueryDuration(_random.Next(1, QueryLimits.MaxWindowDays * 24 + 1), DurationUnit.Hours);
        return _random.Next(3) switch
        {
            0 => new CountAggregate(type, Coin() ? null : Text(), window),
            1 => new SumAggregate(type, window),
            _ => new DaysSinceAggregate(type),
        };
    }

    // The named RFM segment only takes the names of RFM segments.
    private QueryValue Value(QueryField field) =>
        field.Name == QueryField.RfmSegmentName ? new StringValue(Pick([.. TagApi.Core.Value.RfmSegments.Names])) : Value(field.Kind);

    private QueryValue Value(QueryFieldKind kind) => kind switch
    {
        QueryFieldKind.Number => Number(),
        QueryFieldKind.Text => new StringValue(Text()),
        QueryFieldKind.Date => Pick<Func<QueryValue>>(Date, Relative, () => new TodayValue())(),
        _ => Pick<Func<QueryValue>>(Number, () => new StringValue(Text()), Date, Relative, () => new BooleanValue(Coin()))(),
    };

    private NumberValue Number()
    {
        var scale = _random.Next(0, 5);
        var units = _random.NextInt64(-1_000_000_000_000, 1_000_000_000_000);
        return new NumberValue(new decimal(units) / (decimal)Math.Pow(10, scale));
    }

    private DateValue Date() => new(DateOnly.FromDayNumber(_random.Next(693_595, 767_010)));

    private RelativeTimeValue Relative() => Coin()
        ? new RelativeTimeValue(_random.Next(-QueryLimits.MaxRelativeDays, QueryLimits.MaxRelativeDays + 1), DurationUnit.Days)
        : new RelativeTimeValue(_random.Next(-QueryLimits.MaxRelativeDays * 24, QueryLimits.MaxRelativeDays * 24 + 1), DurationUnit.Hours);

    private CompareOperator Operator() => (CompareOperator)_random.Next(6);

    private QueryField AnyField() => Coin() ? Pick([.. QueryField.Builtins]) : Attribute();

    private QueryField TextField() =>
        Coin() ? Pick([.. QueryField.Builtins.Where(f => f.Kind == QueryFieldKind.Text)]) : Attribute();

    private QueryField Attribute() =>
        QueryField.Attribute(string.Join('.', Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Identifier())));

    /// <summary>A lower-case key, sometimes one that looks like a keyword or holds quotes and dashes.</summary>
    private string Key() => Coin() ? Pick(Keywords) : RandomString(KeyAlphabet, 1, 12).ToLowerInvariant();

    private string Text() => RandomString(TextAlphabet, 0, 16);

    /// <summary>An identifier in mixed case, sometimes a keyword (fine after a dot or inside a call).</summary>
    private string Identifier()
    {
        if (_random.Next(5) == 0)
        {
            return Pick(Keywords).ToUpperInvariant();
        }

        const string start = "abcXYZ_价";
        const string rest = "abcXYZ_价0129";
        return start[_random.Next(start.Length)] + RandomString(rest, 0, 8);
    }

    private string RandomString(string alphabet, int min, int max)
    {
        // Walk by text element so the emoji's surrogate pair is never split.
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        var pieces = new List<string>();
        while (elements.MoveNext())
        {
            pieces.Add((string)elements.Current);
        }

        return string.Concat(Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => pieces[_random.Next(pieces.Count)]));
    }

    private bool Coin() => _random.Next(2) == 0;

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];
}
