using TagApi.Core.Segments.Index;

namespace TagApi.Core.Tests.Segments.Index;

/// <summary>
/// A universe with holes plus a pool of leaf bitmaps, each mirrored by a <see cref="HashSet{T}"/>,
/// and a reference evaluator that decides membership ordinal by ordinal from the definitions.
/// </summary>
internal sealed class ExpressionWorld
{
    private readonly RandomSets _sets;
    private readonly List<(BitmapExpression Leaf, HashSet<int> Members)> _leaves = [];

    public ExpressionWorld(RandomSets sets, int size, int leafCount)
    {
        _sets = sets;
        UniverseOrdinals = sets.Universe(size);
        Universe = RoaringBitmap.FromSorted(UniverseOrdinals).Snapshot();

        // Leaves range a little past the universe and ignore its holes, like tag bitmaps that
        // still hold deleted customers: results must never include those.
        for (var i = 0; i < leafCount; i++)
        {
            var members = sets.Set(size + 1_000);
            _leaves.Add((BitmapExpression.Leaf(RoaringBitmap.FromSorted(members).Snapshot(), $"t{i}"), [.. members]));
        }

        Evaluator = new BitmapEvaluator(Universe);
    }

    public int[] UniverseOrdinals { get; }

    public RoaringBitmap Universe { get; }

    public BitmapEvaluator Evaluator { get; }

    private Random Rng => _sets.Rng;

    /// <summary>A random tree of at most <paramref name="maxDepth"/> levels over the leaf pool.</summary>
    public BitmapExpression RandomExpression(int maxDepth)
    {
        var roll = Rng.NextDouble();
        if (maxDepth <= 1 || roll < 0.25)
        {
            return Rng.Next(40) switch
            {
                0 => BitmapExpression.All,
                1 => BitmapExpression.None,
                2 => BitmapExpression.Leaf(Universe, "U"),
                _ => _leaves[Rng.Next(_leaves.Count)].Leaf,
            };
        }

        if (roll < 0.4)
        {
            return BitmapExpression.Not(RandomExpression(maxDepth - 1));
        }

        var operands = new BitmapExpression[Rng.Next(1, 5)];
        for (var i = 0; i < operands.Length; i++)
        {
            operands[i] = RandomExpression(maxDepth - 1);
        }

        return roll < 0.7 ? BitmapExpression.And(operands) : BitmapExpression.Or(operands);
    }

    /// <summary>The expected result: universe members for which the expression holds.</summary>
    public int[] Reference(BitmapExpression expression)
    {
        var holds = Predicate(expression);
        return [.. UniverseOrdinals.Where(holds)];
    }

    /// <summary>The expression's definition as a membership test, built once per expression.</summary>
    private Func<int, bool> Predicate(BitmapExpression expression)
    {
        switch (expression)
        {
            case BitmapExpression.AllExpression:
                return _ => true;
            case BitmapExpression.NoneExpression:
                return _ => false;
            case BitmapExpression.LeafExpression { Name: "U" }:
                return _ => true;
            case BitmapExpression.LeafExpression leaf:
                var members = _leaves.First(l => ReferenceEquals(l.Leaf, leaf)).Members;
                return members.Contains;
            case BitmapExpression.NotExpression not:
                var negated = Predicate(not.Operand);
                return ordinal => !negated(ordinal);
            case BitmapExpression.AndExpression and:
                var all = and.Operands.Select(Predicate).ToArray();
                return ordinal =>
                {
                    foreach (var operand in all)
                    {
                        if (!operand(ordinal))
                        {
                            return false;
                        }
                    }

                    return true;
                };
            case BitmapExpression.OrExpression or:
                var any = or.Operands.Select(Predicate).ToArray();
                return ordinal =>
                {
                    foreach (var operand in any)
                    {
                        if (operand(ordinal))
                        {
                            return true;
                        }
                    }

                    return false;
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(expression));
        }
    }
}
