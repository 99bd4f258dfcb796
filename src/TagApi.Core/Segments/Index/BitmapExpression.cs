namespace TagApi.Core.Segments.Index;

/// <summary>
/// A boolean expression over bitmaps, evaluated by <see cref="BitmapEvaluator"/> against a
/// universe of live ordinals: <see cref="All"/> is that universe, <see cref="Not"/> is the
/// complement within it, and every result is a subset of it.
/// </summary>
/// <remarks>Expressions are immutable and may be shared between threads.</remarks>
public abstract class BitmapExpression
{
    private protected BitmapExpression()
    {
    }

    /// <summary>Every live ordinal (the evaluator's universe).</summary>
    public static BitmapExpression All { get; } = new AllExpression();

    /// <summary>No ordinal.</summary>
    public static BitmapExpression None { get; } = new NoneExpression();

    /// <summary>The members of <paramref name="bitmap"/>; <paramref name="name"/> only labels it when printed.</summary>
    public static BitmapExpression Leaf(RoaringBitmap bitmap, string? name = null) => new LeafExpression(bitmap, name);

    /// <summary>Ordinals in every operand; with no operands, <see cref="All"/>.</summary>
    public static BitmapExpression And(params BitmapExpression[] operands) => new AndExpression([.. operands]);

    /// <summary>Ordinals in at least one operand; with no operands, <see cref="None"/>.</summary>
    public static BitmapExpression Or(params BitmapExpression[] operands) => new OrExpression([.. operands]);

    /// <summary>Live ordinals not in <paramref name="operand"/>.</summary>
    public static BitmapExpression Not(BitmapExpression operand) => new NotExpression(operand);

    /// <summary>A leaf: one bitmap, typically a tag's members.</summary>
    public sealed class LeafExpression(RoaringBitmap bitmap, string? name) : BitmapExpression
    {
        public RoaringBitmap Bitmap { get; } = bitmap;

        public string? Name { get; } = name;

        public override string ToString() => Name ?? $"bitmap[{Bitmap.Cardinality}]";
    }

    /// <summary>The intersection of its operands.</summary>
    public sealed class AndExpression(BitmapExpression[] operands) : BitmapExpression
    {
        public IReadOnlyList<BitmapExpression> Operands { get; } = operands;

        public override string ToString() => $"({string.Join(" & ", Operands)})";
    }

    /// <summary>The union of its operands.</summary>
    public sealed class OrExpression(BitmapExpression[] operands) : BitmapExpression
    {
        public IReadOnlyList<BitmapExpression> Operands { get; } = operands;

        public override string ToString() => $"({string.Join(" | ", Operands)})";
    }

    /// <summary>The complement of its operand within the universe.</summary>
    public sealed class NotExpression(BitmapExpression operand) : BitmapExpression
    {
        public BitmapExpression Operand { get; } = operand;

        public override string ToString() => $"!{Operand}";
    }

    /// <summary>The universe of live ordinals.</summary>
    public sealed class AllExpression : BitmapExpression
    {
        internal AllExpression()
        {
        }

        public override string ToString() => "ALL";
    }

    /// <summary>The empty set.</summary>
    public sealed class NoneExpression : BitmapExpression
    {
        internal NoneExpression()
        {
        }

        public override string ToString() => "NONE";
    }
}
