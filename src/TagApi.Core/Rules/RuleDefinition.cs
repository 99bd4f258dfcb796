using System.Text.Json;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Query;
using TagApi.Core.Tags;

namespace TagApi.Core.Rules;

/// <summary>A band with its tag and condition resolved and checked.</summary>
public sealed record ResolvedBand(Tag Tag, CheckedQuery When);

/// <summary>Reads and writes a rule's stored bands.</summary>
public static class RuleBands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<RuleBand> Of(TaggingRule rule) => JsonSerializer.Deserialize<List<RuleBand>>(rule.Bands, Json) ?? [];

    public static string Serialize(IEnumerable<RuleBand> bands) => JsonSerializer.Serialize(bands.ToList(), Json);

    /// <summary>The parsed condition of each band, in order.</summary>
    public static IReadOnlyList<(long TagId, QueryNode When)> Parsed(TaggingRule rule) =>
        Of(rule).Select(b => (b.TagId, SegmentQueryParser.Parse(b.When))).ToList();

    /// <summary>The tags a rule assigns.</summary>
    public static IReadOnlyList<long> TagIds(TaggingRule rule) => Of(rule).Select(b => b.TagId).ToList();

    /// <summary>The definition as kept in the version history, with tags by key.</summary>
    public static string VersionDefinition(TaggingRule rule, IReadOnlyDictionary<long, string> tagKeys) => JsonSerializer.Serialize(new
    {
        bands = Of(rule).Select(b => new { tag = tagKeys.GetValueOrDefault(b.TagId), when = b.When }),
        banded = rule.Banded,
        priority = rule.Priority,
        removeWhenUnmatched = rule.RemoveWhenUnmatched,
    }, Json);
}
