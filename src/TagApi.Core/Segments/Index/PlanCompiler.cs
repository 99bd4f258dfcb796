namespace TagApi.Core.Segments.Index;

/// <summary>
/// Turns a <see cref="BitmapExpression"/> into a <see cref="QueryPlan"/>: constants folded,
/// nested ANDs and ORs flattened (NOT pushed through them by De Morgan where that flattens
/// further), and AND operands ordered most selective first.
/// </summary>
/// <remarks>
/// The root is <c>universe AND expression</c>. Inside it a NOT may therefore be taken as a plain
/// complement of the chunk: any bit it sets outside the universe is cleared by the root, so the
/// result equals complementing against the universe. The same argument lets a nested reference to
/// the universe drop out of an AND and make an OR constant.
/// </remarks>
internal sealed class PlanCompiler
{
    private readonly List<RoaringBitmap> _leaves = [];
    private readonly Dictionary<RoaringBitmap, PlanNode> _leafNodes = new(ReferenceEqualityComparer.Instance);

    private PlanCompiler(RoaringBitmap universe) => LeafFor(universe);

    /// <summary>An operand with its polarity. The universe leaf doubles as the constant true.</summary>
    private readonly record struct Term(PlanNode Node, bool Negated)
    {
        public bool IsTrue(PlanNode universe) => Node == universe && !Negated;

        public bool IsFalse(PlanNode universe) => Node == universe && Negated;

        public Term Flip() => this with { Negated = !Negated };
    }

    private PlanNode Universe => _leafNodes[_leaves[0]];

    public static QueryPlan Compile(BitmapExpression expression, RoaringBitmap universe)
    {
        var compiler = new PlanCompiler(universe);
        var term = compiler.Lower(expression);
        if (term.IsFalse(compiler.Universe))
        {
            return new QueryPlan([.. compiler._leaves], null, [], 0);
        }

        var operands = new List<Term> { new(compiler.Universe, false) };
        compiler.Absorb(operands, term, PlanNodeKind.And);
        var root = Build(PlanNodeKind.And, operands, compiler._leaves);

        // Flattening orphans the nodes it lifted operands out of, so number only what is reachable.
        var inner = new List<PlanNode>();
        var maxDepth = Number(root, 0, compiler._leaves.Count, inner);
        return new QueryPlan([.. compiler._leaves], root, [.. inner], maxDepth);
    }

    private Term Lower(BitmapExpression expression) => expression switch
    {
        BitmapExpression.AllExpression => new Term(Universe, false),
        BitmapExpression.NoneExpression => new Term(Universe, true),
        BitmapExpression.LeafExpression leaf => new Term(LeafFor(leaf.Bitmap), false),
        BitmapExpression.NotExpression not => Lower(not.Operand).Flip(),
        BitmapExpression.AndExpression and => Combine(PlanNodeKind.And, and.Operands),
        BitmapExpression.OrExpression or => Combine(PlanNodeKind.Or, or.Operands),
        _ => throw new ArgumentException($"Unknown expression type {expression.GetType().Name}.", nameof(expression)),
    };

    private Term Combine(PlanNodeKind kind, IReadOnlyList<BitmapExpression> operands)
    {
        var terms = new List<Term>(operands.Count);
        foreach (var operand in operands)
        {
            if (!Absorb(terms, Lower(operand), kind))
            {
                // An AND met false (or an OR met true): the whole node is that constant.
                return new Term(Universe, kind == PlanNodeKind.And);
            }
        }

        return terms.Count switch
        {
            0 => new Term(Universe, kind == PlanNodeKind.Or),
            1 => terms[0],
            _ => new Term(Build(kind, terms, _leaves), false),
        };
    }

    /// <summary>Adds an operand to an AND/OR list, flattening; false when it decides the node.</summary>
    private bool Absorb(List<Term> terms, Term term, PlanNodeKind kind)
    {
        var identity = kind == PlanNodeKind.And ? term.IsTrue(Universe) : term.IsFalse(Universe);
        var absorbing = kind == PlanNodeKind.And ? term.IsFalse(Universe) : term.IsTrue(Universe);
        if (identity)
        {
            return true;
        }

        if (absorbing)
        {
            return false;
        }

        var dual = kind == PlanNodeKind.And ? PlanNodeKind.Or : PlanNodeKind.And;
        var splice = (term.Node.Kind == kind && !term.Negated) || (term.Node.Kind == dual && term.Negated);
        if (!splice)
        {
            terms.Add(term);
            return true;
        }

        // Same-kind child: lift its operands. Negated dual child: De Morgan, lift them negated.
        var node = term.Node;
        for (var i = 0; i < node.Children.Length; i++)
        {
            if (!Absorb(terms, new Term(node.Children[i], node.Negated[i] ^ term.Negated), kind))
            {
                return false;
            }
        }

        return true;
    }

    private static PlanNode Build(PlanNodeKind kind, List<Term> terms, List<RoaringBitmap> leaves)
    {
        // Plain operands before negated ones, leaves before subtrees, sparse leaves first: an AND
        // then starts from its most selective operand and a negated one is never loaded first.
        // Insertion sort: operand lists are short and this runs on every query.
        var ordered = terms.ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            var current = ordered[i];
            var j = i - 1;
            for (; j >= 0 && Compare(ordered[j], current, leaves) > 0; j--)
            {
                ordered[j + 1] = ordered[j];
            }

            ordered[j + 1] = current;
        }

        var children = new PlanNode[ordered.Length];
        var negated = new bool[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            (children[i], negated[i]) = (ordered[i].Node, ordered[i].Negated);
        }

        return PlanNode.Inner(kind, children, negated);
    }

    private static int Compare(Term x, Term y, List<RoaringBitmap> leaves)
    {
        if (x.Negated != y.Negated)
        {
            return x.Negated ? 1 : -1;
        }

        var xLeaf = x.Node.Kind == PlanNodeKind.Leaf;
        if (xLeaf != (y.Node.Kind == PlanNodeKind.Leaf))
        {
            return xLeaf ? -1 : 1;
        }

        return xLeaf ? leaves[x.Node.LeafIndex].Cardinality.CompareTo(leaves[y.Node.LeafIndex].Cardinality) : 0;
    }

    private PlanNode LeafFor(RoaringBitmap bitmap)
    {
        if (!_leafNodes.TryGetValue(bitmap, out var node))
        {
            node = PlanNode.Leaf(_leaves.Count);
            _leaves.Add(bitmap);
            _leafNodes.Add(bitmap, node);
        }

        return node;
    }

    /// <summary>Sets depths and ids of inner nodes in post-order; returns the deepest inner depth.</summary>
    private static int Number(PlanNode node, int depth, int leafCount, List<PlanNode> postOrder)
    {
        node.Depth = depth;
        var max = depth;
        foreach (var child in node.Children)
        {
            if (child.Kind != PlanNodeKind.Leaf)
            {
                max = Math.Max(max, Number(child, depth + 1, leafCount, postOrder));
            }
        }

        node.Id = leafCount + postOrder.Count;
        postOrder.Add(node);
        return max;
    }
}
