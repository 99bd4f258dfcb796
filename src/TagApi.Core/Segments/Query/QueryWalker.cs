namespace TagApi.Core.Segments.Query;

/// <summary>Walks a query tree for the passes that only care about its leaves.</summary>
internal static class QueryWalker
{
    /// <summary>Every predicate (non-AND/OR/NOT node), left to right.</summary>
    public static IEnumerable<QueryNode> Predicates(QueryNode query)
    {
        // An explicit stack, so that a very deep tree built by code cannot overflow the call stack.
        var pending = new Stack<QueryNode>();
        pending.Push(query);
        while (pending.TryPop(out var node))
        {
            IReadOnlyList<QueryNode>? children = node switch
            {
                AndNode and => and.Operands,
                OrNode or => or.Operands,
                NotNode not => [not.Operand],
                _ => null,
            };
            if (children is null)
            {
                yield return node;
                continue;
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }
}
