namespace TagApi.Core.Segments.Query;

internal enum TokenKind
{
    Identifier,
    String,
    Number,
    Date,
    Duration,
    Relative,
    LeftParen,
    RightParen,
    Comma,
    Dot,
    Compare,
    End,

    /// <summary>Text the lexer could not read; <see cref="Token.Problem"/> says why.</summary>
    Invalid,
}

/// <summary>
/// One token of query text. <see cref="Text"/> is the raw source (for "found '...'" in
/// messages); the typed value sits in the property matching <see cref="Kind"/>.
/// </summary>
internal sealed record Token(TokenKind Kind, string Text, SourcePosition Position)
{
    public string StringValue { get; init; } = "";

    public decimal NumberValue { get; init; }

    public DateOnly DateValue { get; init; }

    /// <summary>For durations and relative times; signed for relative times.</summary>
    public int Amount { get; init; }

    public DurationUnit Unit { get; init; }

    public CompareOperator Operator { get; init; }

    public string Problem { get; init; } = "";

    /// <summary>Advice appended after the position, e.g. "strings use single quotes".</summary>
    public string Hint { get; init; } = "";

    /// <summary>True for an identifier spelling <paramref name="keyword"/> in any case.</summary>
    public bool Is(string keyword) =>
        Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token appears in "but found ...".</summary>
    public string Found => Kind switch
    {
        TokenKind.End => "end of query",
        TokenKind.String => Text.Length > 40 ? Text[..37] + "...'" : Text,
        _ when Text.Length > 40 => $"'{Text[..37]}...'",
        _ => $"'{Text}'",
    };
}
