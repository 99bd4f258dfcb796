using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;

namespace TagApi.Api.GraphQL;

/// <summary>One page of a list as the connection types read it: its edges, its page info and, where the list counts, its total.</summary>
public sealed record ConnectionPage(IReadOnlyList<ConnectionEdge> Edges, PageInfo PageInfo, long? TotalCount = null);

/// <summary>One item of a page with the cursor of a page that would end at it.</summary>
public sealed record ConnectionEdge(string Cursor, object Node);

/// <summary>
/// A Relay connection of <typeparamref name="TNodeGraph"/> (<c>TagConnection</c>, <c>CustomerConnection</c>…): edges
/// and nodes never null, and no <c>totalCount</c>, since those lists are not counted (see <see cref="CountedConnectionGraphType{TNodeGraph}"/>).
/// </summary>
public class ConnectionGraphType<TNodeGraph> : ObjectGraphType<ConnectionPage>
    where TNodeGraph : IGraphType
{
    public ConnectionGraphType()
        : this(NodeName() + "Connection")
    {
    }

    protected ConnectionGraphType(string name)
    {
        Name = name;
        Description = $"One page of {NodeName()} items, in the list's order, with Relay paging.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeGraphType<TNodeGraph>>>>>("edges")
            .Description("The items of the page, each with its cursor.").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeGraph>>>>("items")
            .Description("The same items without their cursors.").Resolve(c => c.Source.Edges.Select(e => e.Node));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether more items lie either way, and the cursors to reach them.")
            .Resolve(c => c.Source.PageInfo);
    }

    /// <summary>The GraphQL name of the node type: its graph type's class name without <c>GraphType</c>.</summary>
    protected static string NodeName()
    {
        var name = typeof(TNodeGraph).Name;
        return name.EndsWith("GraphType", StringComparison.Ordinal) ? name[..^"GraphType".Length] : name;
    }
}

/// <summary>A connection whose list knows its exact size: the same fields and a <c>totalCount</c> that is always answered.</summary>
public sealed class CountedConnectionGraphType<TNodeGraph> : ConnectionGraphType<TNodeGraph>
    where TNodeGraph : IGraphType
{
    public CountedConnectionGraphType()
        : base("Counted" + NodeName() + "Connection")
    {
        Description = $"One page of {NodeName()} items with the exact number of items the whole list holds.";
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("How many items the whole list holds, all pages together.")
            .Resolve(c => c.Source.TotalCount is { } count
                ? (int)Math.Min(count, int.MaxValue)
                : throw new InvalidOperationException("A counted connection was built without its count."));
    }
}

/// <summary>An edge of a <see cref="ConnectionGraphType{TNodeGraph}"/>: the node and its cursor, both always present.</summary>
public sealed class EdgeGraphType<TNodeGraph> : ObjectGraphType<ConnectionEdge>
    where TNodeGraph : IGraphType
{
    public EdgeGraphType()
    {
        var node = typeof(TNodeGraph).Name;
        Name = (node.EndsWith("GraphType", StringComparison.Ordinal) ? node[..^"GraphType".Length] : node) + "Edge";
        Description = "An item of a page and the cursor of a page that would end at it.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass it as after (or before) to continue from this item.").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeGraph>>("node").Description("The item.").Resolve(c => c.Source.Node);
    }
}
