namespace TagApi.Core.Segments.Query;

internal sealed partial class QueryTextParser
{
    private static readonly string[] PredicateStarts = ["tag", "category", "segment", "count", "sum", "daysSince", "attributes"];

    /// <summary>Words that cannot start a predicate; meeting one there means something is missing before it.</summary>
    private static readonly string[] Reserved =
        ["AND", "OR", "IN", "UNDER", "BETWEEN", "IS", "NULL", "CONTAINS", "STARTS", "WITH", "false", "today"];

    private static readonly string[] AggregateFunctions = ["count", "sum", "daysSince"];

    private QueryNode ParsePredicate()
    {
        var start = Current;
        if (start.Kind != TokenKind.Identifier || Reserved.Any(start.Is))
        {
            throw Unexpected("NOT", "(", Expectation.Predicate);
        }

        if (++_predicates > QueryLimits.MaxPredicates)
        {
            throw Fail(QueryLimits.TooManyPredicates(ErrorSite.At(start.Position)));
        }

        QueryNode node = start switch
        {
            _ when start.Is("true") => ParseTrue(),
            _ when start.Is("tag") => ParseTag(),
            _ when start.Is("category") => ParseCategory(),
            _ when start.Is("segment") => ParseSegment(),
            _ when AggregateFunctions.Any(start.Is) => ParseAggregate(),
            _ when Next.Kind == TokenKind.LeftParen => throw Fail(ErrorSite.At(start.Position).Unknown(
                "function", start.Text, NameSuggester.Closest(start.Text, AggregateFunctions))),
            _ => ParseFieldPredicate(ParseField()),
        };
        return node with { Position = start.Position };
    }

    private TrueNode ParseTrue()
    {
        Advance();
        return new TrueNode();
    }

    // 'tag' ('=' | '!=') STRING | 'tag' 'IN' '(' STRING, ... ')' | 'tag' 'UNDER' STRING
    private QueryNode ParseTag()
    {
        Advance();
        if (Current.Kind == TokenKind.Compare && Current.Operator is CompareOperator.Equal or CompareOperator.NotEqual)
        {
            var op = Advance().Operator;
            var key = ExpectKey("Tag");
            return op == CompareOperator.Equal ? new TagEquals(key) : new TagNotEquals(key);
        }

        if (Current.Is("IN"))
        {
            Advance();
            return new TagIn(ParseList(() => ExpectKey("Tag")));
        }

        if (!Current.Is("UNDER"))
        {
            throw Unexpected("=", "!=", "IN", "UNDER");
        }

        Advance();
        return new TagUnder(ExpectKey("Tag"));
    }

    // 'category' '.' KEY ('=' STRING | 'IS' ['NOT'] 'NULL')
    private QueryNode ParseCategory()
    {
        Advance();
        Expect(TokenKind.Dot, ".");
        var category = Expect(TokenKind.Identifier, Expectation.CategoryKey).Text.ToLowerInvariant();
        if (Current.Kind == TokenKind.Compare && Current.Operator == CompareOperator.Equal)
        {
            Advance();
            return new CategoryEquals(category, ExpectKey("Tag"));
        }

        return Current.Is("IS") ? new CategoryIsNull(category, ParseIsNull()) : throw Unexpected("=", "IS");
    }

    // 'segment' '=' STRING
    private SegmentRef ParseSegment()
    {
        Advance();
        if (Current.Kind != TokenKind.Compare || Current.Operator != CompareOperator.Equal)
        {
            throw Unexpected("=");
        }

        Advance();
        return new SegmentRef(ExpectKey("Segment"));
    }

    /// <summary>'IS' ['NOT'] 'NULL'; returns true for IS NOT NULL.</summary>
    private bool ParseIsNull()
    {
        Advance();
        var negated = Current.Is("NOT");
        if (negated)
        {
            Advance();
        }

        if (!Current.Is("NULL"))
        {
            throw negated ? Unexpected("NULL") : Unexpected("NOT", "NULL");
        }

        Advance();
        return negated;
    }

    /// <summary>A quoted key, lower-cased, since keys are matched case-insensitively.</summary>
    private string ExpectKey(string what)
    {
        var token = ExpectString();
        Report(QueryTypeRules.CheckKey(token.StringValue, what), token);
        return token.StringValue.ToLowerInvariant();
    }

    private Token ExpectString() =>
        Current.Kind == TokenKind.String
            ? Advance()
            : throw Unexpected([Expectation.String], Current.Kind == TokenKind.Identifier ? "text goes in single quotes" : null);

    /// <summary>'(' item (',' item)* ')'</summary>
    private List<T> ParseList<T>(Func<T> item)
    {
        Expect(TokenKind.LeftParen, "(");
        var items = new List<T> { item() };
        while (Current.Kind == TokenKind.Comma)
        {
            Advance();
            items.Add(item());
        }

        Expect(TokenKind.RightParen, ")", ",");
        return items;
    }
}
