namespace TagApi.Core.Segments.Query;

/// <summary>
/// Splits query text into tokens. Keywords are plain identifiers here; the parser decides
/// by context, so <c>count</c> or <c>today</c> never stop being usable as names elsewhere.
/// The first unreadable character becomes an <see cref="TokenKind.Invalid"/> token and ends
/// the stream, so errors are reported in source order.
/// </summary>
internal sealed partial class SegmentQueryLexer
{
    private readonly string _text;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    private SegmentQueryLexer(string text) => _text = text;

    private SourcePosition Here => new(_line, _column);

    private char Peek(int ahead = 0) => _index + ahead < _text.Length ? _text[_index + ahead] : '\0';

    public static List<Token> Tokenize(string text)
    {
        var lexer = new SegmentQueryLexer(text);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind is not (TokenKind.End or TokenKind.Invalid));

        if (token.Kind == TokenKind.Invalid)
        {
            tokens.Add(new Token(TokenKind.End, "", lexer.Here));
        }

        return tokens;
    }

    private Token Next()
    {
        SkipTrivia();
        var start = Here;
        var startIndex = _index;
        var c = Peek();
        if (_index >= _text.Length)
        {
            return new Token(TokenKind.End, "", start);
        }

        if (QueryField.IsIdentifierStart(c))
        {
            while (QueryField.IsIdentifierPart(Peek()))
            {
                Advance();
            }

            return new Token(TokenKind.Identifier, _text[startIndex.._index], start);
        }

        if (char.IsAsciiDigit(c) || c is '-' or '+' && char.IsAsciiDigit(Peek(1)))
        {
            return ReadNumeric(start);
        }

        return c switch
        {
            '\'' => ReadString(start),
            '"' => Invalid(start, "\"", "Unexpected '\"'", "strings use single quotes"),
            '(' => Symbol(TokenKind.LeftParen, start),
            ')' => Symbol(TokenKind.RightParen, start),
            ',' => Symbol(TokenKind.Comma, start),
            '.' => Symbol(TokenKind.Dot, start),
            '=' => Compare(start, CompareOperator.Equal, 1),
            '!' when Peek(1) == '=' => Compare(start, CompareOperator.NotEqual, 2),
            '<' when Peek(1) == '=' => Compare(start, CompareOperator.LessOrEqual, 2),
            '<' => Compare(start, CompareOperator.Less, 1),
            '>' when Peek(1) == '=' => Compare(start, CompareOperator.GreaterOrEqual, 2),
            '>' => Compare(start, CompareOperator.Greater, 1),
            _ => UnexpectedCharacter(start),
        };
    }

    private void SkipTrivia()
    {
        while (_index < _text.Length)
        {
            if (char.IsWhiteSpace(Peek()))
            {
                Advance();
            }
            else if (Peek() == '-' && Peek(1) == '-')
            {
                // A comment runs to the end of the line.
                while (_index < _text.Length && Peek() != '\n')
                {
                    Advance();
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Moves one code point on, keeping line and column in step with what an editor shows.</summary>
    private void Advance()
    {
        var c = _text[_index++];
        if (c == '\n')
        {
            (_line, _column) = (_line + 1, 1);
        }
        else if (char.IsHighSurrogate(c) && char.IsLowSurrogate(Peek()))
        {
            _index++;
            _column++;
        }
        else if (c != '\r')
        {
            _column++;
        }
    }

    private Token Symbol(TokenKind kind, SourcePosition start)
    {
        Advance();
        return new Token(kind, _text[(_index - 1).._index], start);
    }

    private Token Compare(SourcePosition start, CompareOperator op, int length)
    {
        var text = _text.Substring(_index, length);
        for (var i = 0; i < length; i++)
        {
            Advance();
        }

        return new Token(TokenKind.Compare, text, start) { Operator = op };
    }

    private static Token Invalid(SourcePosition start, string text, string problem, string hint = "") =>
        new(TokenKind.Invalid, text, start) { Problem = problem, Hint = hint };

    private Token UnexpectedCharacter(SourcePosition start)
    {
        var length = char.IsHighSurrogate(Peek()) && char.IsLowSurrogate(Peek(1)) ? 2 : 1;
        var text = _text.Substring(_index, length);
        return Invalid(start, text, $"Unexpected character '{text}'", text == "!" ? "did you mean '!='?" : "");
    }

    /// <summary>Reads <c>'...'</c>; a doubled quote inside stands for one quote.</summary>
    private Token ReadString(SourcePosition start)
    {
        var startIndex = _index;
        Advance();
        var value = new System.Text.StringBuilder();
        while (_index < _text.Length)
        {
            if (Peek() == '\'')
            {
                Advance();
                if (Peek() != '\'')
                {
                    return new Token(TokenKind.String, _text[startIndex.._index], start) { StringValue = value.ToString() };
                }

                Advance();
                value.Append('\'');
            }
            else
            {
                var from = _index;
                Advance();
                value.Append(_text, from, _index - from);
            }
        }

        return Invalid(start, _text[startIndex..], "Unterminated string starting", "close it with a single quote");
    }
}
