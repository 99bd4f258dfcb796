namespace TagApi.Core.Segments.Query;

/// <summary>A comparison operator: <c>= != &lt; &lt;= &gt; &gt;=</c>.</summary>
public enum CompareOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,

    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,
}

/// <summary>Text symbols of <see cref="CompareOperator"/>, shared by the text and JSON forms.</summary>
public static class CompareOperators
{
    private static readonly string[] Symbols = ["=", "!=", "<", "<=", ">", ">="];

    /// <summary>Every symbol, in enum order.</summary>
    public static IReadOnlyList<string> All => Symbols;

    /// <summary>The symbol of <paramref name="op"/>, e.g. <c>&gt;=</c>.</summary>
    public static string ToSymbol(this CompareOperator op) => Symbols[(int)op];

    /// <summary>Reads a symbol; false when it is none of <see cref="All"/>.</summary>
    public static bool TryParse(string symbol, out CompareOperator op)
    {
        var index = Array.IndexOf(Symbols, symbol);
        op = (CompareOperator)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>True for <c>&lt; &lt;= &gt; &gt;=</c>, which need ordered values.</summary>
    public static bool IsOrdering(this CompareOperator op) => op is not (CompareOperator.Equal or CompareOperator.NotEqual);
}
