using System.Buffers;

namespace TagApi.Core.Segments.Index;

/// <summary>
/// Evaluates a <see cref="QueryPlan"/> one chunk at a time with no intermediate bitmaps: each
/// chunk's 1,024 result words are produced in blocks of <see cref="BlockWords"/> into one buffer,
/// reading operand containers in place. One instance per thread; it owns pooled scratch memory.
/// </summary>
internal sealed partial class ChunkEvaluator : IDisposable
{
    /// <summary>2 KiB blocks: the result, one scratch block per tree level and the operand slices stay in L1.</summary>
    public const int BlockWords = 256;

    public const int BlocksPerChunk = Container.BitsetWords / BlockWords;

    /// <summary>
    /// Probing costs a few nanoseconds per driver value and operand; a dense pass over the chunk
    /// costs a fraction of a microsecond per operand. Measured with three other operands, the two
    /// break even a little below this limit, and probing loses clearly not far above it.
    /// </summary>
    private const int SparseDriveLimit = 160;

    private readonly QueryPlan _plan;
    private readonly PlanNode _root;
    private readonly Container?[] _leafChunks;
    private readonly int[] _expandedBlock;
    private readonly bool[] _empty;
    private readonly ulong[] _buffer;
    private ArrayContainer? _driver;
    private PlanNode? _driverNode;

    public ChunkEvaluator(QueryPlan plan)
    {
        _plan = plan;
        _root = plan.Root ?? throw new ArgumentException("An empty plan has nothing to evaluate.", nameof(plan));
        _leafChunks = new Container?[plan.Leaves.Length];
        _expandedBlock = new int[plan.Leaves.Length];
        _empty = new bool[plan.NodeCount];

        // Layout: result block, one scratch block per depth below the root, one per leaf for arrays.
        _buffer = ArrayPool<ulong>.Shared.Rent(BlockWords * (1 + plan.MaxDepth + plan.Leaves.Length));
    }

    /// <summary>A block-sized result buffer callers may evaluate the root into.</summary>
    public Span<ulong> ResultBlock => _buffer.AsSpan(0, BlockWords);

    public void Dispose() => ArrayPool<ulong>.Shared.Return(_buffer);

    /// <summary>
    /// Resolves every leaf's container for chunk <paramref name="key"/> and decides how to drive
    /// the root. Returns false when the chunk cannot contain a result.
    /// </summary>
    public bool Load(int key)
    {
        var leaves = _plan.Leaves;
        for (var i = 0; i < leaves.Length; i++)
        {
            var chunk = leaves[i].GetChunk(key);
            _leafChunks[i] = chunk;
            _empty[i] = chunk is null;
            _expandedBlock[i] = -1;
        }

        foreach (var node in _plan.InnerPostOrder)
        {
            _empty[node.Id] = IsEmpty(node);
        }

        if (_empty[_root.Id])
        {
            return false;
        }

        ChooseDriver();
        return true;
    }

    private bool IsEmpty(PlanNode node)
    {
        // Conservative: true only when the node is certainly empty in this chunk. A negated
        // operand is empty only if its operand is full, which is not tracked.
        var isAnd = node.Kind == PlanNodeKind.And;
        for (var i = 0; i < node.Children.Length; i++)
        {
            var childEmpty = !node.Negated[i] && _empty[node.Children[i].Id];
            if (isAnd && childEmpty)
            {
                return true;
            }

            if (!isAnd && !childEmpty)
            {
                return false;
            }
        }

        return !isAnd;
    }

    /// <summary>Picks the root's sparsest plain leaf; if it is a small array, results are found by probing its values.</summary>
    private void ChooseDriver()
    {
        Container? best = null;
        PlanNode? bestNode = null;
        for (var i = 0; i < _root.Children.Length; i++)
        {
            var child = _root.Children[i];
            if (child.Kind == PlanNodeKind.Leaf && !_root.Negated[i])
            {
                var chunk = _leafChunks[child.LeafIndex]!;
                if (best is null || chunk.Cardinality < best.Cardinality)
                {
                    best = chunk;
                    bestNode = child;
                }
            }
        }

        var sparse = best is ArrayContainer array && array.Cardinality <= SparseDriveLimit;
        _driver = sparse ? (ArrayContainer)best! : null;
        _driverNode = sparse ? bestNode : null;
    }
}
