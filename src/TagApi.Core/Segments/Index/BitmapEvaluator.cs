namespace TagApi.Core.Segments.Index;

/// <summary>
/// Evaluates <see cref="BitmapExpression"/>s against one universe of live ordinals: the tenant's
/// customers that exist, with holes where customers were deleted. <see cref="BitmapExpression.All"/>
/// and <see cref="BitmapExpression.Not"/> are relative to it and every result is a subset of it.
/// </summary>
/// <remarks>
/// Pass snapshots (<see cref="RoaringBitmap.Snapshot"/>) as the universe and leaves when a writer
/// may be changing the bitmaps; then any number of threads may evaluate at once.
/// </remarks>
public sealed class BitmapEvaluator(RoaringBitmap universe)
{
    /// <summary>The live ordinals every result is confined to.</summary>
    public RoaringBitmap Universe { get; } = universe;

    /// <summary>Compiles an expression for repeated evaluation.</summary>
    public BitmapQuery Compile(BitmapExpression expression) => new(PlanCompiler.Compile(expression, Universe));

    /// <inheritdoc cref="BitmapQuery.Count"/>
    public long Count(BitmapExpression expression) => Compile(expression).Count();

    /// <inheritdoc cref="BitmapQuery.FirstPage"/>
    public int[] FirstPage(BitmapExpression expression, int afterOrdinal, int limit) =>
        Compile(expression).FirstPage(afterOrdinal, limit);

    /// <inheritdoc cref="BitmapQuery.Enumerate"/>
    public IEnumerable<int> Enumerate(BitmapExpression expression, int afterOrdinal = -1) =>
        Compile(expression).Enumerate(afterOrdinal);

    /// <inheritdoc cref="BitmapQuery.Visit"/>
    public void Visit(BitmapExpression expression, OrdinalBatchVisitor visitor, int afterOrdinal = -1) =>
        Compile(expression).Visit(visitor, afterOrdinal);

    /// <inheritdoc cref="BitmapQuery.Materialize"/>
    public RoaringBitmap Materialize(BitmapExpression expression) => Compile(expression).Materialize();
}
