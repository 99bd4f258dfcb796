using System.Text;
using System.Text.Json.Nodes;

namespace TagApi.Api.Tests.Security;

/// <summary>The bad inputs themselves: each list is data, applied by the corpus tests to every operation it fits.</summary>
public static class BadInputCorpus
{
    /// <summary>Bodies that are not a readable JSON object.</summary>
    public static IReadOnlyList<(string Label, byte[] Bytes)> MalformedBodies { get; } =
    [
        ("empty", []),
        ("open brace", Utf8("{")),
        ("unterminated member", Utf8("{\"name\":")),
        ("missing value", Utf8("{\"name\": }")),
        ("single quotes", Utf8("{'name': 'x'}")),
        ("trailing garbage", Utf8("{\"name\":\"x\"}}")),
        ("trailing comma", Utf8("{\"name\":\"x\",}")),
        ("array", Utf8("[]")),
        ("string", Utf8("\"text\"")),
        ("number", Utf8("123")),
        ("null", Utf8("null")),
        ("huge number", Utf8("{\"limit\": 1e999999}")),
        ("invalid UTF-8", [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]),
        ("NUL byte", Utf8("{\"name\":\"a\0b\"\0}")),
        ("nested ten thousand deep", Utf8(new string('[', 10_000) + new string(']', 10_000))),
        ("object nested ten thousand deep", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000))),
    ];

    /// <summary>A value of another JSON kind than <paramref name="value"/>.</summary>
    public static JsonNode WrongKind(JsonNode? value) => value?.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => JsonValue.Create(123),
        System.Text.Json.JsonValueKind.Number => JsonValue.Create("not a number"),
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => JsonValue.Create("yes"),
        System.Text.Json.JsonValueKind.Array => new JsonObject { ["x"] = 1 },
        System.Text.Json.JsonValueKind.Object => new JsonArray(1, 2),
        _ => new JsonArray(),
    };

    /// <summary>Longer than any text field, query or URL the API accepts.</summary>
    public static string OverLong { get; } = new('x', 20_000);

    /// <summary>Page sizes outside 1–200, and not numbers at all.</summary>
    public static IReadOnlyList<string> BadLimits { get; } = ["0", "-1", "201", "1000000", "2147483648", "99999999999999999999", "abc", "1.5", "0x10"];

    /// <summary>Cursors no server ever issued.</summary>
    public static IReadOnlyList<string> GarbageCursors { get; } =
        ["garbage", "AAAA", "%%%", "Zm9vYmFy", new string('A', 38), new string('x', 5_000), "eyJpZCI6MX0", "-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_"];

    /// <summary>
    /// Ids that name nothing: bare prefixes, bad encodings, other kinds, odd characters, absurd lengths. (Dot
    /// segments are left out: the client resolves <c>/v1/tags/..</c> to <c>/v1/</c> before sending.)
    /// </summary>
    public static IEnumerable<string> MalformedIds(SeededTenant own) =>
    [
        "x", "tag_", "tag_!!!!", "cus_0", "cus_" + new string('Z', 40), "seg_zzzz", "rul_-1", "whe_\u0001", "evt_1", "act_1",
        "cat_ÄÖÜ", "💥", "null", " ", "a/b", "%", "?x=1", "#", new string('a', 2_000), "tag_" + new string('A', 600),
        own.TagId, own.CustomerId, own.SegmentId, own.EndpointId, own.RuleId, own.CategoryId,
    ];

    /// <summary>Ids a caller-keyed path (an external id) refuses: they cannot name a customer of any tenant.</summary>
    public static IEnumerable<string> MalformedExternalIds { get; } = [new string('a', 2_000), "a\u0001b", "\t"];

    /// <summary>Query texts that are wrong: typos, unknown names, type errors, broken syntax, and each limit of PRODUCT.md §3 exceeded.</summary>
    public static IReadOnlyList<(string Label, string Text)> BadQueries { get; } =
    [
        ("typo in a keyword", "tagg = 'b_tag'"),
        ("unknown tag", "tag = 'no_such_tag'"),
        ("unknown segment", "segment = 'no_such_segment'"),
        ("unknown category", "category.no_such IS NULL"),
        ("unknown field", "citty = 'x'"),
        ("missing value", "city = "),
        ("unterminated string", "city = 'Shanghai"),
        ("dangling operator", "city = 'x' AND"),
        ("unbalanced parenthesis", "((city = 'x'"),
        ("text for a number", "totalSpent > 'lots'"),
        ("text for a date", "lastOrderAt > 'yesterday'"),
        ("bad attribute path", "attributes. = 1"),
        ("absurd window", "count(purchase, 99999999999d) > 1"),
        ("control character", "city = 'x'\u0000"),
        ("empty", ""),
        ("over 10 KB", "city = '" + new string('x', 10_300) + "'"),
        ("nested 33 deep", new string('(', 33) + "city = 'x'" + new string(')', 33)),
        ("101 predicates", string.Join(" OR ", Enumerable.Repeat("city = 'x'", 101))),
        ("NOT 1,000 times", string.Concat(Enumerable.Repeat("NOT ", 1_000)) + "city = 'x'"),
    ];

    /// <summary>JSON ASTs that are wrong, as raw JSON (the deep one is deeper than a serializer writes by default).</summary>
    public static IReadOnlyList<(string Label, string Json)> BadAsts { get; } =
    [
        ("unknown node", "{\"op\":\"nope\"}"),
        ("not an object", "[1,2]"),
        ("unknown field", "{\"field\":\"citty\",\"op\":\"=\",\"value\":\"x\"}"),
        ("nested 200 deep", string.Concat(Enumerable.Repeat("{\"not\":", 200)) + "{\"tag\":{\"eq\":\"b_tag\"}}" + new string('}', 200)),
    ];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
