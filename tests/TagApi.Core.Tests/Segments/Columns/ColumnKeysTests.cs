using TagApi.Core.Segments.Columns;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments.Columns;

public sealed class ColumnKeysTests
{
    private static readonly decimal[] Numbers = [-5m, -0.0001m, 0m, 0.0001m, 0.5m, 999.9999m, 1000m, 1000.0001m, 1000.5m, 123_456_789.1234m];
    private static readonly decimal[] Bounds = [-5m, 0m, 0.00005m, 0.5m, 999.99995m, 1000m, 1000.5m, 1e20m, -1e20m, 79_228_162_514_264_337_593_543_950_335m];

    [Fact]
    public void Numbers_keep_four_decimals_and_refuse_more_or_too_large()
    {
        Assert.True(ColumnKeys.TryEncode(1000.5m, out var key));
        Assert.Equal(10_005_000, key);
        Assert.True(ColumnKeys.TryEncode(-0.0001m, out key));
        Assert.Equal(-1, key);
        Assert.False(ColumnKeys.TryEncode(0.12345m, out _));
        Assert.False(ColumnKeys.TryEncode(1e20m, out _));
    }

    [Fact]
    public void A_number_range_holds_exactly_the_numbers_the_comparison_accepts()
    {
        foreach (var op in Enum.GetValues<CompareOperator>())
        {
            foreach (var bound in Bounds)
            {
                var (range, negated) = ColumnKeys.Numbers(op, bound);
                foreach (var number in Numbers)
                {
                    Assert.True(ColumnKeys.TryEncode(number, out var key));
                    var inRange = key >= range.Low && key < range.High;
                    Assert.True(inRange != negated == FieldAccessors.Holds(number.CompareTo(bound), op), $"{number} {op.ToSymbol()} {bound}");
                }
            }
        }
    }

    [Fact]
    public void A_date_range_holds_exactly_the_moments_the_comparison_accepts()
    {
        var day = new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);
        var instant = day.AddHours(13).AddTicks(7);
        DateTime[] moments = [day.AddTicks(-1), day, day.AddTicks(1), instant.AddTicks(-1), instant, instant.AddTicks(1), day.AddDays(1).AddTicks(-1), day.AddDays(1)];
        foreach (var op in Enum.GetValues<CompareOperator>())
        {
            foreach (var (start, end) in new[] { (day, day.AddDays(1)), (instant, instant) })
            {
                var (range, negated) = ColumnKeys.Dates(op, start, end);
                foreach (var at in moments)
                {
                    var key = ColumnKeys.Encode(at);
                    var inRange = key >= range.Low && key < range.High;
                    Assert.True(inRange != negated == FieldPredicates.CompareDate(at, op, start, end), $"{at:O} {op.ToSymbol()} [{start:O}, {end:O})");
                }
            }
        }
    }
}
