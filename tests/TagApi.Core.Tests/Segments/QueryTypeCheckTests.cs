using TagApi.Core.Segments.Query;
using static TagApi.Core.Segments.Query.CompareOperator;

namespace TagApi.Core.Tests.Segments;

/// <summary>Each field accepts the literals and operators its kind makes meaningful.</summary>
public sealed class QueryTypeCheckTests
{
    [Fact]
    public void Numeric_field_refuses_text()
    {
        var error = Q.Error("age > 'old'");

        Assert.Equal("Field 'age' needs a number but got text 'old' at line 1, column 7", error.Message);
        Assert.Equal((1, 7), (error.Line, error.Column));
    }

    [Fact]
    public void Date_field_refuses_a_bare_number_and_explains_the_forms()
    {
        var error = Q.Error("lastOrderAt > 30");

        Assert.Equal(
            "Field 'lastOrderAt' needs a date or a relative time but got number 30 at line 1, column 15; "
            + "write a date such as 2026-01-31 or a relative time such as -30d or today",
            error.Message);
    }

    [Fact]
    public void Date_fields_accept_dates_and_relative_times()
    {
        var query = Q.Parse("createdAt >= 2025-06-01 AND firstOrderAt IN (2025-06-01, today) AND lastActivityAt BETWEEN -7d AND +0d");

        Assert.Equal(3, ((AndNode)query).Operands.Count);
    }

    [Fact]
    public void Text_field_refuses_numbers_and_ordering()
    {
        Assert.Equal(
            "Field 'city' needs text but got number 3 at line 1, column 8; text goes in single quotes",
            Q.Error("city = 3").Message);
        Assert.Equal(
            "Operator '<' needs a number or a date but got text 'M' at line 1, column 8; "
            + "text is compared with =, !=, IN, CONTAINS or STARTS WITH",
            Q.Error("city < 'M'").Message);
    }

    [Fact]
    public void Attributes_accept_any_literal_but_order_only_numbers_and_dates()
    {
        var query = Q.Parse("attributes.a = 1 AND attributes.b = 'x' AND attributes.c = true AND attributes.d > 2026-01-01 AND attributes.e IN (1, 'x', false)");

        Assert.Equal(5, ((AndNode)query).Operands.Count);
        Assert.Equal(
            "Operator '>=' needs a number or a date but got boolean true at line 1, column 19; "
            + "text is compared with =, !=, IN, CONTAINS or STARTS WITH",
            Q.Error("attributes.vip >= true").Message);
    }

    [Fact]
    public void Each_value_of_an_in_list_is_checked()
    {
        var error = Q.Error("orderCount IN (1, 2, 'three')");

        Assert.Equal("Field 'orderCount' needs a number but got text 'three' at line 1, column 22", error.Message);
    }

    [Fact]
    public void Between_bounds_must_be_ordered_and_of_one_kind()
    {
        Assert.Equal("BETWEEN lower bound 25 is above upper bound 18 at line 1, column 20", Q.Error("age BETWEEN 25 AND 18").Message);
        Assert.Equal(
            "BETWEEN lower bound -30d is above upper bound -60d at line 1, column 30",
            Q.Error("lastOrderAt BETWEEN -30d AND -60d").Message);
        Assert.Equal(
            "BETWEEN bounds must be of one kind but got number 1 and date 2026-01-01 at line 1, column 28",
            Q.Error("attributes.x BETWEEN 1 AND 2026-01-01").Message);
        Assert.Equal(
            "BETWEEN needs numbers or dates but got text 'a' at line 1, column 22; text is compared with =, !=, IN, CONTAINS or STARTS WITH",
            Q.Errors("attributes.x BETWEEN 'a' AND 'b'")[0].Message);
    }

    [Fact]
    public void Equal_between_bounds_are_allowed()
    {
        Assert.IsType<FieldBetween>(Q.Parse("age BETWEEN 18 AND 18"));
    }

    [Fact]
    public void Contains_and_starts_with_apply_to_text()
    {
        Assert.Equal("CONTAINS applies to text but 'age' is a number field at line 1, column 5", Q.Error("age CONTAINS '1'").Message);
        Assert.Equal(
            "STARTS WITH applies to text but 'createdAt' is a date field at line 1, column 11",
            Q.Error("createdAt STARTS WITH '2026'").Message);
        Assert.Equal("Expected a string at line 1, column 15 but found '1'", Q.Error("city CONTAINS 1").Message);
    }

    [Fact]
    public void Aggregate_windows_are_positive_and_at_most_ten_years()
    {
        Assert.Equal("Window must be positive but got 0d at line 1, column 20", Q.Error("count(interaction, 0d) >= 3").Message);
        Assert.Equal(
            "Window 3651d is longer than the maximum of 3650d at line 1, column 22",
            Q.Error("sum(purchase.amount, 3651d) > 1").Message);
        Assert.Equal(
            "Window 87601h is longer than the maximum of 3650d at line 1, column 14",
            Q.Error("count(visit, 87601h) > 1").Message);
        Assert.IsType<AggregateCompare>(Q.Parse("count(visit, 3650d) > 1"));
        Assert.IsType<AggregateCompare>(Q.Parse("count(visit, 87600h) > 1"));
    }

    [Fact]
    public void Relative_times_stay_within_a_hundred_years()
    {
        var error = Q.Error("lastOrderAt > -36501d");

        Assert.Equal("Relative time -36501d is further than 36500d from now at line 1, column 15", error.Message);
        Assert.IsType<FieldCompare>(Q.Parse("lastOrderAt > -876000h"));
    }

    [Fact]
    public void Type_errors_do_not_hide_each_other()
    {
        var errors = Q.Errors("age > 'x' AND city = 1 AND count(visit, 0d) > 1");

        Assert.Equal([(1, 7), (1, 22), (1, 41)], errors.Select(e => (e.Line, e.Column)));
    }

    [Fact]
    public void Relative_times_resolve_against_the_evaluation_clock()
    {
        var now = new DateTimeOffset(2026, 3, 15, 10, 30, 0, TimeSpan.FromHours(8));

        Assert.Equal(now.AddDays(-30), new RelativeTimeValue(-30, DurationUnit.Days).ResolveAt(now));
        Assert.Equal(now.AddHours(12), new RelativeTimeValue(12, DurationUnit.Hours).ResolveAt(now));
        Assert.Equal(new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero), TodayValue.ResolveAt(now));
        Assert.Equal(Equal, ((FieldCompare)Q.Parse("age = 1")).Operator);
    }
}
