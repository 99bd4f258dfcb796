namespace TagApi.Core.Segments.Query;

/// <summary>
/// A node of a parsed segment query (PRODUCT.md §3). Nodes are immutable records.
/// </summary>
/// <remarks>
/// Equality is structural and ignores <see cref="Position"/>: positions exist for error
/// messages, and two queries that say the same thing are equal wherever they were written.
/// <see cref="ToString"/> renders the canonical text form.
/// </remarks>
public abstract record QueryNode
{
    /// <summary>Where the node starts in query text; <see cref="SourcePosition.None"/> when built by code or from JSON.</summary>
    public SourcePosition Position { get; init; }

    /// <summary>Structural equality: same node type and same content, positions ignored.</summary>
    public virtual bool Equals(QueryNode? other) => other is not null && EqualityContract == other.EqualityContract;

    /// <inheritdoc />
    public override int GetHashCode() => EqualityContract.GetHashCode();

    /// <summary>The canonical text form, as <see cref="SegmentQueryFormatter.Format"/> renders it.</summary>
    public sealed override string ToString() => SegmentQueryFormatter.Format(this);
}
