namespace TagApi.Core.Segments.Query;

/// <summary>
/// Rewrites a query into its canonical shape without changing what it matches: nested
/// AND-in-AND and OR-in-OR are flattened, <c>NOT NOT x</c> becomes <c>x</c>, a one-operand
/// AND/OR becomes its operand, an empty AND becomes <c>true</c> and an empty OR <c>NOT true</c>.
/// Leaves, including <c>tag != 'a'</c>, are kept as written. Positions are kept.
/// </summary>
public static class SegmentQueryNormalizer
{
    /// <summary>The canonical form of <paramref name="query"/>.</summary>
    public static QueryNode Normalize(QueryNode query) => query switch
    {
        AndNode and => Combine(and, and.Operands, operands => new AndNode(operands), new TrueNode()),
        OrNode or => Combine(or, or.Operands, operands => new OrNode(operands), new NotNode(new TrueNode())),
        NotNode { Operand: NotNode inner } => Normalize(inner.Operand),
        NotNode not => not with { Operand = Normalize(not.Operand) },
        _ => query,
    };

    private static QueryNode Combine<T>(T node, IReadOnlyList<QueryNode> operands, Func<List<QueryNode>, T> create, QueryNode whenEmpty)
        where T : QueryNode
    {
        var flat = new List<QueryNode>(operands.Count);
        foreach (var operand in operands.Select(Normalize))
        {
            if (operand is T same)
            {
                flat.AddRange(same switch
                {
                    AndNode a => a.Operands,
                    OrNode o => o.Operands,
                    _ => [same],
                });
            }
            else
            {
                flat.Add(operand);
            }
        }

        return flat.Count switch
        {
            0 => whenEmpty with { Position = node.Position },
            1 => flat[0],
            _ => create(flat) with { Position = node.Position },
        };
    }
}
