using System.Globalization;

namespace TagApi.Core.Segments.Query;

/// <summary>Numbers, dates, durations and relative times: everything that starts with a digit or a sign.</summary>
internal sealed partial class SegmentQueryLexer
{
    /// <summary>
    /// Reads what starts with a digit or a sign and digits: a number (<c>3</c>, <c>-2.5</c>),
    /// a date (<c>2026-01-31</c>), a duration (<c>30d</c>) or a signed relative time (<c>-30d</c>).
    /// </summary>
    private Token ReadNumeric(SourcePosition start)
    {
        var startIndex = _index;
        var signed = Peek() is '-' or '+';
        if (signed)
        {
            Advance();
        }

        SkipDigits();
        if (!signed && _index - startIndex == 4 && Peek() == '-' && char.IsAsciiDigit(Peek(1)))
        {
            return ReadDate(start, startIndex);
        }

        var fraction = Peek() == '.' && char.IsAsciiDigit(Peek(1));
        if (fraction)
        {
            Advance();
            SkipDigits();
        }

        var digitsEnd = _index;
        while (QueryField.IsIdentifierPart(Peek()))
        {
            Advance();
        }

        var text = _text[startIndex.._index];
        var suffix = _text[digitsEnd.._index];
        if (suffix.Length == 0)
        {
            return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                ? new Token(TokenKind.Number, text, start) { NumberValue = number }
                : Invalid(start, text, $"Number '{text}' is out of range");
        }

        if (fraction || suffix.Length != 1 || !QueryDuration.TryParseUnit(suffix[0], out var unit))
        {
            return Invalid(start, text, $"Invalid duration '{text}'", "write whole days or hours such as 30d or 12h");
        }

        var digits = _text[(signed ? startIndex + 1 : startIndex)..digitsEnd];
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return Invalid(start, text, $"Duration '{text}' is out of range");
        }

        return new Token(signed ? TokenKind.Relative : TokenKind.Duration, text, start)
        {
            Amount = _text[startIndex] == '-' ? -amount : amount,
            Unit = unit,
        };
    }

    private Token ReadDate(SourcePosition start, int startIndex)
    {
        while (char.IsAsciiDigit(Peek()) || Peek() == '-')
        {
            Advance();
        }

        var text = _text[startIndex.._index];
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && !QueryField.IsIdentifierPart(Peek())
            ? new Token(TokenKind.Date, text, start) { DateValue = date }
            : Invalid(start, text, $"Invalid date '{text}'", "write a real date as yyyy-MM-dd, e.g. 2026-01-31");
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(Peek()))
        {
            Advance();
        }
    }
}
