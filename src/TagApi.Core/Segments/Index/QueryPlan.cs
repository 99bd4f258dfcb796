namespace TagApi.Core.Segments.Index;

internal enum PlanNodeKind
{
    Leaf,
    And,
    Or,
}

/// <summary>
/// A node of a compiled expression. NOT does not appear as a node: it is folded into the
/// <see cref="Negated"/> flag of the parent's operand, so an AND applies it as and-not and an OR
/// as or-not, with no separate complement pass.
/// </summary>
internal sealed class PlanNode
{
    private PlanNode(PlanNodeKind kind, int leafIndex, PlanNode[] children, bool[] negated)
    {
        Kind = kind;
        LeafIndex = leafIndex;
        Children = children;
        Negated = negated;
        var leaves = new List<(PlanNode, bool)>();
        var inner = new List<(PlanNode, bool)>();
        for (var i = 0; i < children.Length; i++)
        {
            (children[i].Kind == PlanNodeKind.Leaf ? leaves : inner).Add((children[i], negated[i]));
        }

        LeafOperands = [.. leaves];
        InnerOperands = [.. inner];
    }

    public PlanNodeKind Kind { get; }

    /// <summary>Index into <see cref="QueryPlan.Leaves"/> for a leaf; -1 otherwise.</summary>
    public int LeafIndex { get; }

    public PlanNode[] Children { get; }

    public bool[] Negated { get; }

    /// <summary>The leaf operands, which the block loop folds several at a time.</summary>
    public (PlanNode Leaf, bool Negated)[] LeafOperands { get; }

    /// <summary>The subtree operands, each evaluated into scratch and then folded in.</summary>
    public (PlanNode Node, bool Negated)[] InnerOperands { get; }

    /// <summary>Slot in per-chunk state arrays: leaves use their leaf index, inner nodes follow.</summary>
    public int Id { get; set; }

    /// <summary>Distance from the root; an inner node evaluates into the scratch block of its depth.</summary>
    public int Depth { get; set; }

    public static PlanNode Leaf(int leafIndex) => new(PlanNodeKind.Leaf, leafIndex, [], []) { Id = leafIndex };

    public static PlanNode Inner(PlanNodeKind kind, PlanNode[] children, bool[] negated) => new(kind, -1, children, negated);
}

/// <summary>
/// A compiled expression: its distinct leaf bitmaps (the universe first) and a tree whose root is
/// always an AND that includes the universe, which is what confines every result to live ordinals.
/// </summary>
internal sealed class QueryPlan(RoaringBitmap[] leaves, PlanNode? root, PlanNode[] innerPostOrder, int maxDepth)
{
    /// <summary>Distinct bitmaps read by the plan; index 0 is the universe.</summary>
    public RoaringBitmap[] Leaves { get; } = leaves;

    public RoaringBitmap Universe => Leaves[0];

    /// <summary>The root AND, or null when the expression is empty whatever the data.</summary>
    public PlanNode? Root { get; } = root;

    /// <summary>Inner nodes, children before parents, for the per-chunk emptiness pass.</summary>
    public PlanNode[] InnerPostOrder { get; } = innerPostOrder;

    public int MaxDepth { get; } = maxDepth;

    public int NodeCount => Leaves.Length + InnerPostOrder.Length;
}
