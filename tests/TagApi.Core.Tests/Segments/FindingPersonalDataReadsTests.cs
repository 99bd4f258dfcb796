using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments;

/// <summary>Which queries read personal data: <c>age</c> (from the birth date), directly or through saved segments.</summary>
public sealed class FindingPersonalDataReadsTests
{
    private static readonly Dictionary<string, QueryNode> Saved = new(StringComparer.Ordinal)
    {
        ["adults"] = Q.Parse("age >= 18"),
        ["adults_sh"] = Q.Parse("city = 'Shanghai' AND segment = 'adults'"),
        ["locals"] = Q.Parse("city = 'Shanghai' OR attributes.age > 3"),
        ["loop_a"] = Q.Parse("segment = 'loop_b'"),
        ["loop_b"] = Q.Parse("segment = 'loop_a' OR city = 'x'"),
    };

    [Theory]
    [InlineData("age = 41")]
    [InlineData("NOT (city = 'x' OR age BETWEEN 1 AND 2)")]
    [InlineData("age IN (1, 2)")]
    [InlineData("age IS NOT NULL")]
    [InlineData("tag = 'vip' AND AGE > 3")]
    public void Every_predicate_form_over_age_reads_the_birth_date(string text)
    {
        var read = PersonalDataReads.Find(Q.Parse(text), Saved.GetValueOrDefault);

        Assert.NotNull(read);
        Assert.Equal(("age", "birthDate"), (read.Field.Name, read.Field.PersonalSource));
        Assert.Empty(read.Through);
    }

    [Fact]
    public void A_read_through_saved_segments_names_the_path()
    {
        var read = PersonalDataReads.Find(Q.Parse("tag = 'vip' OR segment = 'adults_sh'"), Saved.GetValueOrDefault);

        Assert.Equal(["adults_sh", "adults"], read!.Through);
        Assert.Equal("The query reads 'age' through segment 'adults_sh' → 'adults', which is derived from the PII field 'birthDate'", read.Describe());
    }

    [Theory]
    [InlineData("city = 'Shanghai' AND totalSpent > 3 AND lastOrderAt > -30d")]
    [InlineData("attributes.age > 3 AND attributes.birthDate = '2000-01-01'")]
    [InlineData("segment = 'locals' OR segment = 'loop_a' OR segment = 'unknown'")]
    [InlineData("count(interaction, channel = 'email', 30d) >= 1 AND daysSince(purchase) > 3")]
    public void Other_fields_attributes_and_activity_read_no_personal_data(string text) =>
        Assert.Null(PersonalDataReads.Find(Q.Parse(text), Saved.GetValueOrDefault));

    [Fact]
    public void Only_age_is_derived_from_personal_data_among_the_builtin_fields() =>
        Assert.Equal(["age"], QueryField.Builtins.Where(f => f.PersonalSource is not null).Select(f => f.Name));
}
