using TagApi.Bench.Data;

namespace TagApi.Bench.Queries;

/// <summary>
/// A segment expression written once per workload case and rendered for every subject: TagApi's
/// query language, intarray <c>query_int</c>, junction-table SQL and the bare bitmap floor.
/// </summary>
public abstract record Segment
{
    /// <summary>The same expression with <c>tag IN</c> and <c>tag UNDER</c> spelled out as ORs of single tags.</summary>
    public abstract Segment Expand();

    /// <summary>True when only tags decide membership (no customer columns).</summary>
    public abstract bool TagsOnly { get; }

    public static Segment Tag(string key) => new TagIs(key);

    public static Segment All(params Segment[] parts) => new AllOf(parts);

    public static Segment Any(params Segment[] parts) => new AnyOf(parts);

    public static Segment Not(Segment inner) => new NotOf(inner);
}

public sealed record TagIs(string Key) : Segment
{
    public override Segment Expand() => this;

    public override bool TagsOnly => true;
}

public sealed record TagIn(IReadOnlyList<string> Keys) : Segment
{
    public override Segment Expand() => new AnyOf([.. Keys.Select(k => new TagIs(k))]);

    public override bool TagsOnly => true;
}

/// <summary>The tag or any tag below it in the hierarchy.</summary>
public sealed record TagUnder(string Key) : Segment
{
    public override Segment Expand() => new AnyOf([.. TagCatalog.Subtree(Key).Select(t => new TagIs(t.Key))]);

    public override bool TagsOnly => true;
}

public sealed record AllOf(IReadOnlyList<Segment> Parts) : Segment
{
    public override Segment Expand() => new AllOf([.. Parts.Select(p => p.Expand())]);

    public override bool TagsOnly => Parts.All(p => p.TagsOnly);
}

public sealed record AnyOf(IReadOnlyList<Segment> Parts) : Segment
{
    public override Segment Expand() => new AnyOf([.. Parts.Select(p => p.Expand())]);

    public override bool TagsOnly => Parts.All(p => p.TagsOnly);
}

public sealed record NotOf(Segment Inner) : Segment
{
    public override Segment Expand() => new NotOf(Inner.Expand());

    public override bool TagsOnly => Inner.TagsOnly;
}

/// <summary><c>totalSpent &gt; amount</c>: a numeric customer attribute.</summary>
public sealed record TotalSpentAbove(decimal Amount) : Segment
{
    public override Segment Expand() => this;

    public override bool TagsOnly => false;
}

/// <summary>
/// <c>lastOrderAt &gt; -Nd</c>: a behaviour window. With no activity stream in the schema yet, the
/// order metric maintained on the customer stands in for <c>count(purchase, Nd) &gt;= 1</c>.
/// </summary>
public sealed record LastOrderWithin(int Days) : Segment
{
    public override Segment Expand() => this;

    public override bool TagsOnly => false;
}
