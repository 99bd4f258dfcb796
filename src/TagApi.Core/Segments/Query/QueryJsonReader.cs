using System.Text.Json;

namespace TagApi.Core.Segments.Query;

/// <summary>
/// Reads the JSON AST described on <see cref="SegmentQueryJson"/>. Every problem is recorded
/// with its JSON path and reading goes on with the next sibling, so one reply lists all of
/// them; only the limits stop reading at once.
/// </summary>
internal sealed partial class QueryJsonReader
{
    private static readonly string[] NodeKinds = ["and", "or", "not", "tag", "category", "segment", "field", "count", "sum", "daysSince"];
    private static readonly string[] FieldOperations = ["op", "between", "in", "isNull", "contains", "startsWith"];

    private readonly List<QueryError> _errors = [];
    private int _predicates;

    public QueryNode Read(JsonElement json)
    {
        var query = ReadNode(json, "$", 0);
        return query is not null && _errors.Count == 0 ? query : throw new SegmentQueryException(_errors);
    }

    private QueryNode? ReadNode(JsonElement json, string path, int depth)
    {
        if (json.ValueKind == JsonValueKind.True)
        {
            CountPredicate(path);
            return new TrueNode();
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            return Unexpected(path, ["<query object>", "true"], json);
        }

        var kinds = json.EnumerateObject().Where(p => NodeKinds.Contains(p.Name, StringComparer.Ordinal)).ToList();
        if (kinds.Count != 1)
        {
            return kinds.Count == 0 ? MissingKind(json, path)
                : Error(ErrorSite.AtPath(path).Error($"A query object has one of {Names(NodeKinds)} but this one has both '{kinds[0].Name}' and '{kinds[1].Name}'"));
        }

        var (kind, body, bodyPath) = (kinds[0].Name, kinds[0].Value, path + "." + kinds[0].Name);
        if (kind is "and" or "or" or "not")
        {
            if (!OnlyProperties(json, path, [kind]))
            {
                return null;
            }

            if (depth + 1 > QueryLimits.MaxDepth)
            {
                throw new SegmentQueryException([.. _errors, QueryLimits.TooDeep(ErrorSite.AtPath(path))]);
            }

            return kind == "not" ? ReadNot(body, bodyPath, depth + 1) : ReadJunction(kind, body, bodyPath, depth + 1);
        }

        CountPredicate(path);
        return kind switch
        {
            "tag" => OnlyProperties(json, path, [kind]) ? ReadTag(body, bodyPath) : null,
            "category" => OnlyProperties(json, path, [kind]) ? ReadCategory(body, bodyPath) : null,
            "segment" => OnlyProperties(json, path, [kind]) ? ReadSegment(body, bodyPath) : null,
            "field" => ReadField(json, path),
            _ => ReadAggregate(json, path, kind),
        };
    }

    private SegmentRef? ReadSegment(JsonElement body, string path) =>
        ReadKey(body, path, "Segment") is { } key ? new SegmentRef(key) : null;

    private NotNode? ReadNot(JsonElement body, string path, int depth) =>
        ReadNode(body, path, depth) is { } operand ? new NotNode(operand) : null;

    private QueryNode? ReadJunction(string kind, JsonElement body, string path, int depth)
    {
        if (body.ValueKind != JsonValueKind.Array || body.GetArrayLength() == 0)
        {
            return Unexpected(path, ["<non-empty array of queries>"], body, body.ValueKind == JsonValueKind.Array ? "use true to match every customer" : null);
        }

        var operands = body.EnumerateArray().Select((item, i) => ReadNode(item, $"{path}[{i}]", depth)).ToList();
        return operands.Contains(null) ? null
            : kind == "and" ? new AndNode(operands!) : new OrNode(operands!);
    }

    // {"tag": {"eq" | "ne" | "under": KEY}} | {"tag": {"in": [KEY, ...]}}
    private QueryNode? ReadTag(JsonElement body, string path)
    {
        if (SingleOperation(body, path, ["eq", "ne", "in", "under"]) is not { } op)
        {
            return null;
        }

        var (value, valuePath) = (body.GetProperty(op), path + "." + op);
        if (op != "in")
        {
            return ReadKey(value, valuePath, "Tag") is not { } key ? null
                : op switch { "eq" => new TagEquals(key), "ne" => new TagNotEquals(key), _ => new TagUnder(key) };
        }

        var keys = ReadArray(value, valuePath, "<non-empty array of tag keys>", (item, itemPath) => ReadKey(item, itemPath, "Tag"));
        return keys is null ? null : new TagIn(keys);
    }

    // {"category": {"key": KEY, "eq": KEY}} | {"category": {"key": KEY, "isNull": BOOL}}
    private QueryNode? ReadCategory(JsonElement body, string path)
    {
        if (SingleOperation(body, path, ["eq", "isNull"], ["key"]) is not { } op)
        {
            return null;
        }

        if (!body.TryGetProperty("key", out var keyJson))
        {
            return Error(ErrorSite.AtPath(path).Error("Missing property 'key' (the category key)"));
        }

        var category = ReadKey(keyJson, path + ".key", "Category");
        if (category is not null && !QueryField.IsIdentifier(category))
        {
            return Error(ErrorSite.AtPath(path + ".key").Error($"Category key '{category}' may hold only letters, digits and '_'"));
        }

        var operand = body.GetProperty(op);
        if (op == "eq")
        {
            var tag = ReadKey(operand, path + ".eq", "Tag");
            return category is null || tag is null ? null : new CategoryEquals(category, tag);
        }

        var isNull = ReadBoolean(operand, path + ".isNull");
        return category is null || isNull is null ? null : new CategoryIsNull(category, !isNull.Value);
    }

    private void CountPredicate(string path)
    {
        if (++_predicates > QueryLimits.MaxPredicates)
        {
            throw new SegmentQueryException([.. _errors, QueryLimits.TooManyPredicates(ErrorSite.AtPath(path))]);
        }
    }
}
