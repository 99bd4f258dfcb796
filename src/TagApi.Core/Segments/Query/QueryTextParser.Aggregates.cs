namespace TagApi.Core.Segments.Query;

internal sealed partial class QueryTextParser
{
    // AGG := count '(' TYPE [',' 'channel' '=' STRING] ',' DURATION ')'
    //      | sum '(' TYPE '.amount' ',' DURATION ')'
    //      | daysSince '(' TYPE ')'
    // then OP NUMBER
    private AggregateCompare ParseAggregate()
    {
        var function = Advance();
        Expect(TokenKind.LeftParen, "(");
        var type = ParseActivityType();
        ActivityAggregate aggregate;
        if (function.Is("count"))
        {
            Expect(TokenKind.Comma, ",");
            string? channel = null;
            if (Current.Is("channel"))
            {
                Advance();
                if (Current.Kind != TokenKind.Compare || Current.Operator != CompareOperator.Equal)
                {
                    throw Unexpected("=");
                }

                Advance();
                channel = ExpectString().StringValue;
                Expect(TokenKind.Comma, ",");
            }

            aggregate = new CountAggregate(type, channel, ParseWindow(channel is null));
        }
        else if (function.Is("sum"))
        {
            Expect(TokenKind.Dot, ".");
            ExpectKeyword("amount");
            Expect(TokenKind.Comma, ",");
            aggregate = new SumAggregate(type, ParseWindow(false));
        }
        else
        {
            aggregate = new DaysSinceAggregate(type);
        }

        Expect(TokenKind.RightParen, ")");
        if (Current.Kind != TokenKind.Compare)
        {
            throw Unexpected(CompareOperators.All.ToArray());
        }

        var op = Advance().Operator;
        var number = Expect(TokenKind.Number, Expectation.Number);
        return new AggregateCompare(aggregate, op, number.NumberValue);
    }

    /// <summary>An activity type: a bare name (<c>purchase</c>) or, for custom types that are not names, a string.</summary>
    private string ParseActivityType()
    {
        var token = Current;
        if (token.Kind is not (TokenKind.Identifier or TokenKind.String))
        {
            throw Unexpected(Expectation.ActivityType);
        }

        Advance();
        return (token.Kind == TokenKind.String ? token.StringValue : token.Text).ToLowerInvariant();
    }

    private QueryDuration ParseWindow(bool channelAllowed)
    {
        if (Current.Kind != TokenKind.Duration)
        {
            throw channelAllowed ? Unexpected("channel", Expectation.Duration) : Unexpected(Expectation.Duration);
        }

        var token = Advance();
        var window = new QueryDuration(token.Amount, token.Unit);
        Report(QueryTypeRules.CheckWindow(window), token);
        return window;
    }
}
