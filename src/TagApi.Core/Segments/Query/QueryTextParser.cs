namespace TagApi.Core.Segments.Query;

/// <summary>
/// Recursive descent over the token list, one method per grammar rule. Syntax errors throw
/// at once (what follows a syntax error cannot be trusted); problems that leave the shape
/// intact — unknown fields, type mismatches — are collected so one round trip shows them all.
/// </summary>
internal sealed partial class QueryTextParser(List<Token> tokens)
{
    private readonly List<Token> _tokens = tokens;
    private readonly List<QueryError> _errors = [];
    private int _index;
    private int _nesting;
    private int _predicates;

    private Token Current => _tokens[_index];

    private Token Next => _tokens[Math.Min(_index + 1, _tokens.Count - 1)];

    public QueryNode ParseQuery()
    {
        var query = ParseOr();
        if (Current.Kind != TokenKind.End)
        {
            throw Unexpected("AND", "OR", Expectation.End);
        }

        if (QueryLimits.FindTooDeep(query) is { } tooDeep)
        {
            _errors.Add(QueryLimits.TooDeep(ErrorSite.At(tooDeep.Position)));
        }

        return _errors.Count == 0 ? query : throw new SegmentQueryException(_errors);
    }

    // or := and ('OR' and)*
    private QueryNode ParseOr()
    {
        var first = ParseAnd();
        if (!Current.Is("OR"))
        {
            return first;
        }

        var operands = new List<QueryNode> { first };
        while (Current.Is("OR"))
        {
            Advance();
            operands.Add(ParseAnd());
        }

        return new OrNode(operands) { Position = first.Position };
    }

    // and := not ('AND' not)*
    private QueryNode ParseAnd()
    {
        var first = ParseNot();
        if (!Current.Is("AND"))
        {
            return first;
        }

        var operands = new List<QueryNode> { first };
        while (Current.Is("AND"))
        {
            Advance();
            operands.Add(ParseNot());
        }

        return new AndNode(operands) { Position = first.Position };
    }

    // not := 'NOT' not | '(' query ')' | predicate
    private QueryNode ParseNot()
    {
        if (Current.Is("NOT"))
        {
            var not = Enter();
            var operand = ParseNot();
            _nesting--;
            return new NotNode(operand) { Position = not.Position };
        }

        if (Current.Kind == TokenKind.LeftParen)
        {
            Enter();
            var inner = ParseOr();
            Expect(TokenKind.RightParen, "AND", "OR", ")");
            _nesting--;
            return inner;
        }

        return ParsePredicate();
    }

    /// <summary>Consumes a NOT or '(' and counts it against the nesting limit, which also bounds recursion.</summary>
    private Token Enter()
    {
        if (++_nesting > QueryLimits.MaxDepth)
        {
            throw Fail(QueryLimits.TooDeep(ErrorSite.At(Current.Position)));
        }

        return Advance();
    }

    private Token Advance()
    {
        var token = Current;
        if (token.Kind == TokenKind.Invalid)
        {
            throw Fail(ErrorSite.At(token.Position).Error(token.Problem, token.Hint.Length > 0 ? "; " + token.Hint : ""));
        }

        _index = Math.Min(_index + 1, _tokens.Count - 1);
        return token;
    }

    /// <summary>Consumes a token of <paramref name="kind"/> or fails listing <paramref name="expected"/>.</summary>
    private Token Expect(TokenKind kind, params string[] expected) =>
        Current.Kind == kind ? Advance() : throw Unexpected(expected);

    /// <summary>Consumes the keyword (any case) or fails listing it.</summary>
    private Token ExpectKeyword(string keyword) =>
        Current.Is(keyword) ? Advance() : throw Unexpected(keyword);

    private SegmentQueryException Unexpected(params string[] expected) => Unexpected(expected, hint: null);

    /// <summary>
    /// The "Expected ... but found ..." error at the current token. A misspelt keyword
    /// (<c>BETWEN</c>) gets the closest expected keyword as a suggestion.
    /// </summary>
    private SegmentQueryException Unexpected(IReadOnlyList<string> expected, string? hint)
    {
        var found = Current;
        if (found.Kind == TokenKind.Invalid)
        {
            Advance();
        }

        var keywords = expected.Where(e => e.Length > 0 && char.IsLetter(e[0])).Select(e => e.Split(' ')[0]);
        var suggestion = found.Kind == TokenKind.Identifier ? NameSuggester.Closest(found.Text, keywords) : null;
        return Fail(Expectation.Unexpected(ErrorSite.At(found.Position), expected, found.Found, suggestion, hint));
    }

    private SegmentQueryException Fail(QueryError error)
    {
        _errors.Add(error);
        return new SegmentQueryException(_errors);
    }

    /// <summary>Records a non-fatal problem at <paramref name="token"/> and goes on parsing.</summary>
    private void Report(RuleViolation? violation, Token token)
    {
        if (violation is { } broken)
        {
            _errors.Add(ErrorSite.At(token.Position).Error(broken));
        }
    }
}
