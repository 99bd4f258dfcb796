namespace TagApi.Core.Segments.Query;

internal sealed partial class QueryTextParser
{
    /// <summary>
    /// FIELD := a built-in name (any case) | attributes.&lt;name&gt;[.&lt;name&gt;...]. An unknown
    /// name is reported with a suggestion and parsing goes on as if it were an attribute, so
    /// the rest of the query is still checked.
    /// </summary>
    private QueryField ParseField()
    {
        var name = Advance();
        if (name.Is("attributes"))
        {
            Expect(TokenKind.Dot, ".");
            return QueryField.Attribute(ParseDottedPath());
        }

        if (name.Is(QueryField.RfmPrefix) && Current.Kind == TokenKind.Dot)
        {
            Advance();
            var part = Expect(TokenKind.Identifier, Expectation.AttributeName);
            if (QueryField.TryGetBuiltin(QueryField.RfmPrefix + "." + part.Text, out var score))
            {
                return score;
            }

            var scores = QueryField.Builtins.Select(f => f.Name).Where(n => n.StartsWith(QueryField.RfmPrefix + ".", StringComparison.Ordinal));
            _errors.Add(ErrorSite.At(part.Position).Unknown("field", "rfm." + part.Text, NameSuggester.Closest("rfm." + part.Text, scores)));
            return QueryField.Attribute("rfm." + part.Text);
        }

        if (QueryField.TryGetBuiltin(name.Text, out var field))
        {
            return field;
        }

        var candidates = QueryField.Builtins.Select(f => f.Name).Concat(PredicateStarts);
        _errors.Add(ErrorSite.At(name.Position).Unknown("field", name.Text, NameSuggester.Closest(name.Text, candidates)));
        var path = name.Text;
        if (Current.Kind == TokenKind.Dot)
        {
            Advance();
            path += "." + ParseDottedPath();
        }

        return QueryField.Attribute(path);
    }

    private string ParseDottedPath()
    {
        var path = Expect(TokenKind.Identifier, Expectation.AttributeName).Text;
        while (Current.Kind == TokenKind.Dot)
        {
            Advance();
            path += "." + Expect(TokenKind.Identifier, Expectation.AttributeName).Text;
        }

        return path;
    }

    // FIELD OP VALUE | FIELD BETWEEN VALUE AND VALUE | FIELD IN (VALUE, ...) | FIELD IS [NOT] NULL
    // | FIELD (CONTAINS | STARTS WITH) STRING
    private QueryNode ParseFieldPredicate(QueryField field)
    {
        var op = Current;
        if (op.Kind == TokenKind.Compare)
        {
            Advance();
            var (value, token) = ParseValue();
            Report(QueryTypeRules.CheckCompare(field, op.Operator, value), token);
            return new FieldCompare(field, op.Operator, value);
        }

        if (op.Is("BETWEEN"))
        {
            Advance();
            var (lower, lowerToken) = ParseValue();
            Report(QueryTypeRules.CheckBetweenBound(field, lower), lowerToken);
            ExpectKeyword("AND");
            var (upper, upperToken) = ParseValue();
            Report(QueryTypeRules.CheckBetweenBound(field, upper) ?? QueryTypeRules.CheckBetweenOrder(lower, upper), upperToken);
            return new FieldBetween(field, lower, upper);
        }

        if (op.Is("IN"))
        {
            Advance();
            return new FieldIn(field, ParseList(() =>
            {
                var (value, token) = ParseValue();
                Report(QueryTypeRules.CheckValue(field, value), token);
                return value;
            }));
        }

        if (op.Is("IS"))
        {
            return new FieldIsNull(field, ParseIsNull());
        }

        if (op.Is("CONTAINS"))
        {
            Advance();
            Report(QueryTypeRules.CheckTextOperator(field, "CONTAINS"), op);
            return new FieldContains(field, ExpectString().StringValue);
        }

        if (op.Is("STARTS"))
        {
            Advance();
            ExpectKeyword("WITH");
            Report(QueryTypeRules.CheckTextOperator(field, "STARTS WITH"), op);
            return new FieldStartsWith(field, ExpectString().StringValue);
        }

        throw Unexpected(Expectation.FieldOperators);
    }

    // VALUE := NUMBER | STRING | DATE | RELATIVE ('-30d', '+7d', 'today') | true | false
    private (QueryValue Value, Token Token) ParseValue()
    {
        var token = Current;
        QueryValue? value = token.Kind switch
        {
            TokenKind.Number => new NumberValue(token.NumberValue),
            TokenKind.String => new StringValue(token.StringValue),
            TokenKind.Date => new DateValue(token.DateValue),
            TokenKind.Relative => new RelativeTimeValue(token.Amount, token.Unit),
            TokenKind.Identifier when token.Is("today") => new TodayValue(),
            TokenKind.Identifier when token.Is("true") => new BooleanValue(true),
            TokenKind.Identifier when token.Is("false") => new BooleanValue(false),
            _ => null,
        };
        if (value is null)
        {
            var hint = token.Kind switch
            {
                TokenKind.Duration => $"a relative time needs a sign, e.g. '-{token.Text}' for the past",
                TokenKind.Identifier => "text goes in single quotes",
                _ => null,
            };
            throw Unexpected([Expectation.Value], hint);
        }

        Advance();
        Report(QueryTypeRules.CheckRelative(value), token);
        return (value, token);
    }
}
