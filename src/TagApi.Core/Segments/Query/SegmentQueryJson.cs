using System.Text.Json;
using System.Text.Json.Nodes;

namespace TagApi.Core.Segments.Query;

/// <summary>
/// The JSON AST form of a segment query, for programs. It says exactly what the text form
/// says; each converts to the other without loss (the text form via
/// <see cref="SegmentQueryParser"/> and <see cref="SegmentQueryFormatter"/>).
/// </summary>
/// <remarks>
/// <para>The shape. Every query is one JSON value; property names are case-sensitive camelCase.</para>
/// <code>
/// QUERY := {"and": [QUERY, ...]}                 -- one or more operands
///        | {"or":  [QUERY, ...]}
///        | {"not": QUERY}
///        | true                                  -- every customer (rule bands' catch-all)
///        | {"tag": {"eq": KEY}}                  -- tag = 'key'
///        | {"tag": {"ne": KEY}}                  -- tag != 'key'
///        | {"tag": {"in": [KEY, ...]}}           -- tag IN ('a', 'b')
///        | {"tag": {"under": KEY}}               -- tag UNDER 'key'
///        | {"category": {"key": "lifecycle", "eq": KEY}}       -- category.lifecycle = 'loyal'
///        | {"category": {"key": "lifecycle", "isNull": BOOL}}  -- IS NULL (true) / IS NOT NULL (false)
///        | {"segment": KEY}                      -- segment = 'key'
///        | {"field": FIELD, "op": OP, "value": VALUE}
///        | {"field": FIELD, "between": [VALUE, VALUE]}
///        | {"field": FIELD, "in": [VALUE, ...]}
///        | {"field": FIELD, "isNull": BOOL}       -- IS NULL (true) / IS NOT NULL (false)
///        | {"field": FIELD, "contains": STRING}
///        | {"field": FIELD, "startsWith": STRING}
///        | {"count": {"type": TYPE, "channel": STRING, "window": DURATION}, "op": OP, "value": NUMBER}  -- channel optional
///        | {"sum": {"type": TYPE, "window": DURATION}, "op": OP, "value": NUMBER}  -- sums the amount
///        | {"daysSince": {"type": TYPE}, "op": OP, "value": NUMBER}
/// FIELD    := "city" | "lastOrderAt" | ... | "attributes.vipLevel"   (the text form's names)
/// OP       := "=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
/// VALUE    := NUMBER | STRING | true | false
///           | {"date": "2026-01-31"}
///           | {"relative": "-30d" | "+7d" | "-12h" | "today"}
/// DURATION := "30d" | "12h"
/// KEY, TYPE := non-empty strings, lower-cased on reading
/// </code>
/// <para>Example: <c>tag = 'vip' AND count(interaction, channel = 'email', 30d) &gt;= 3</c> is
/// <c>{"and":[{"tag":{"eq":"vip"}},{"count":{"type":"interaction","channel":"email","window":"30d"},"op":"&gt;=","value":3}]}</c>.</para>
/// <para>Dates and relative times are wrapped so that a custom attribute compared with the
/// text <c>"2026-01-31"</c> stays distinguishable from one compared with that date.</para>
/// </remarks>
public static class SegmentQueryJson
{
    /// <summary>
    /// The deepest JSON a valid query produces: each AND/OR level costs an object and an array,
    /// and a leaf up to three more (<c>{"field":…,"between":[{"date":…}]}</c>). This is past
    /// System.Text.Json's default <c>MaxDepth</c> of 64, so whoever parses a body that carries a
    /// query must allow at least this plus the body's own nesting.
    /// </summary>
    public const int MaxJsonDepth = (2 * QueryLimits.MaxDepth) + 3;

    /// <summary>The JSON AST of <paramref name="query"/>, node for node (not normalised).</summary>
    public static JsonNode ToJson(QueryNode query) => QueryJsonWriter.Write(query);

    /// <summary>Reads a query from its JSON AST, with the text form's type rules and limits.</summary>
    /// <exception cref="SegmentQueryException">
    /// The JSON does not have the documented shape or breaks a rule; each error's
    /// <see cref="QueryError.Path"/> points at the offending element (<c>$.and[1].value</c>).
    /// </exception>
    public static QueryNode FromJson(JsonElement json) => new QueryJsonReader().Read(json);
}
