namespace TagApi.Core.Segments.Query;

/// <summary>Matches when every operand matches.</summary>
public sealed record AndNode(params IReadOnlyList<QueryNode> Operands) : QueryNode
{
    /// <summary>The operands, in the order written.</summary>
    public IReadOnlyList<QueryNode> Operands { get; } = EquatableList<QueryNode>.From(Operands);
}

/// <summary>Matches when at least one operand matches.</summary>
public sealed record OrNode(params IReadOnlyList<QueryNode> Operands) : QueryNode
{
    /// <summary>The operands, in the order written.</summary>
    public IReadOnlyList<QueryNode> Operands { get; } = EquatableList<QueryNode>.From(Operands);
}

/// <summary>Matches when the operand does not.</summary>
public sealed record NotNode(QueryNode Operand) : QueryNode;

/// <summary>
/// Matches every customer. Written <c>true</c>; rule bands use it as the catch-all last band
/// (<c>when: 'true'</c>).
/// </summary>
public sealed record TrueNode : QueryNode;
