using System.Text.Json;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments;

/// <summary>
/// Thousands of generated queries survive every conversion: text (after normalisation) and
/// JSON (exactly). A fixed seed keeps failures reproducible.
/// </summary>
public sealed class QueryRoundTripPropertyTests
{
    private const int Seed = 20260131;
    private const int Cases = 3000;

    [Fact]
    public void Parsing_the_formatted_text_gives_back_the_normalised_query()
    {
        var generator = new RandomQueryGenerator(Seed);
        for (var i = 0; i < Cases; i++)
        {
            var query = generator.Next();
            var text = SegmentQueryFormatter.Format(query);

            var parsed = Parse(text, i);

            Assert.True(SegmentQueryNormalizer.Normalize(query) == parsed, $"Case {i}: parse(format(q)) differs from normalize(q) for\n{text}");
            Assert.True(text == SegmentQueryFormatter.Format(parsed), $"Case {i}: formatting is not stable for\n{text}");
        }
    }

    [Fact]
    public void Reading_the_written_json_gives_back_the_same_query()
    {
        var generator = new RandomQueryGenerator(Seed + 1);
        for (var i = 0; i < Cases; i++)
        {
            var query = generator.Next();
            var json = SegmentQueryJson.ToJson(query).ToJsonString();

            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = SegmentQueryJson.MaxJsonDepth });
            var read = SegmentQueryJson.FromJson(document.RootElement);

            Assert.True(query == read, $"Case {i}: JSON round trip differs for\n{json}");
        }
    }

    [Fact]
    public void Normalising_twice_changes_nothing_and_keeps_every_predicate()
    {
        var generator = new RandomQueryGenerator(Seed + 2);
        for (var i = 0; i < Cases; i++)
        {
            var query = generator.Next();
            var normal = SegmentQueryNormalizer.Normalize(query);

            Assert.Equal(normal, SegmentQueryNormalizer.Normalize(normal));
            Assert.Equal(QueryReferences.Of(query), QueryReferences.Of(normal));
        }
    }

    private static QueryNode Parse(string text, int index)
    {
        try
        {
            return SegmentQueryParser.Parse(text);
        }
        catch (SegmentQueryException e)
        {
            Assert.Fail($"Case {index}: formatted text did not parse: {e.Message}\n{text}");
            throw;
        }
    }
}
