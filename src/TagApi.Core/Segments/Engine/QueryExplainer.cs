using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Engine;

/// <summary>One node of an explained condition: its text, whether it holds for the customer, and for a leaf the customer's actual value.</summary>
/// <param name="Kind"><c>and</c>, <c>or</c>, <c>not</c>, <c>segment</c> or <c>predicate</c>.</param>
/// <param name="Text">The node in canonical query text.</param>
/// <param name="Result">Whether it holds for the customer.</param>
/// <param name="Actual">What the customer has: the held tags a tag predicate looks at, a field's value, an aggregate's number.</param>
/// <param name="Children">Operands of and/or/not, or the query of a saved segment.</param>
public sealed record ExplainedNode(string Kind, string Text, bool Result, object? Actual, IReadOnlyList<ExplainedNode> Children);

/// <summary>
/// Evaluates a query for one customer, node by node, with the same compiler the index uses (so
/// the explanation cannot disagree with the answer), and reports each leaf's actual value.
/// </summary>
public sealed class QueryExplainer(IndexSnapshot snapshot, IReadOnlyDictionary<string, QueryNode> saved, DateTime now, int ordinal)
{
    private readonly RoaringBitmap _only = RoaringBitmap.FromSorted([ordinal]);

    public ExplainedNode Explain(QueryNode node) => node switch
    {
        AndNode a => Composite("and", node, [.. a.Operands.Select(Explain)]),
        OrNode o => Composite("or", node, [.. o.Operands.Select(Explain)]),
        NotNode n => Composite("not", node, [Explain(n.Operand)]),
        SegmentRef s when saved.TryGetValue(s.Key, out var query) => new ExplainedNode("segment", Format(node), Holds(node), null, [Explain(query)]),
        _ => new ExplainedNode("predicate", Format(node), Holds(node), Actual(node), []),
    };

    /// <summary>Whether the whole query holds for the customer.</summary>
    public bool Holds(QueryNode node)
    {
        var compiler = new QueryCompiler(snapshot, key => saved.GetValueOrDefault(key), now, _only);
        return snapshot.Evaluator.Count(BitmapExpression.And(BitmapExpression.Leaf(_only), compiler.Compile(node))) == 1;
    }

    private ExplainedNode Composite(string kind, QueryNode node, ExplainedNode[] children) => new(kind, Format(node), Holds(node), null, children);

    private static string Format(QueryNode node) => SegmentQueryFormatter.Format(node);

    private object? Actual(QueryNode node)
    {
        var row = snapshot.Rows[ordinal]!;
        if (Value.ValueFields.Reads(node))
        {
            return ExplainValue(node, row);
        }

        return node switch
        {
            FieldCompare f => FieldValues.Read(row, f.Field, now),
            FieldBetween f => FieldValues.Read(row, f.Field, now),
            FieldIn f => FieldValues.Read(row, f.Field, now),
            FieldIsNull f => FieldValues.Read(row, f.Field, now),
            FieldContains f => FieldValues.Read(row, f.Field, now),
            FieldStartsWith f => FieldValues.Read(row, f.Field, now),
            AggregateCompare a => AggregatePredicates.Value(row, a.Aggregate, snapshot.Vocabulary, now),
            TrueNode => null,
            _ => HeldTags(node),
        };
    }

    private Value.ValueExplanation ExplainValue(QueryNode node, CustomerRow row)
    {
        var field = FieldNodes.FieldOf(node)!;
        var model = snapshot.Value.Get(snapshot, now);
        var customer = Value.CustomerValueCalculator.Compute(row.Activities, model, now);
        var value = Value.ValueFields.Read(row, field, model, now);
        var reason = value is null ? customer.Reasons.GetValueOrDefault(field.Name.StartsWith("rfm.", StringComparison.Ordinal) ? "rfm" : field.Name) : null;
        return new Value.ValueExplanation(value, reason, customer, Value.ValueModelSummary.Of(model));
    }

    // The tags the customer holds among those a tag or category predicate looks at.
    private List<string> HeldTags(QueryNode node) =>
        [.. Rules.RuleDependencies.TagsRead(node, snapshot.Catalog, saved)
            .Where(id => snapshot.TagMembers.TryGetValue(id, out var members) && members.Contains(ordinal))
            .Select(id => snapshot.Catalog.Tags[id].Key)
            .Order(StringComparer.Ordinal)];
}
