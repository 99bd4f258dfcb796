using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.GraphQL;

/// <summary>
/// Relay connections over the same keyset pages and signed cursors as REST lists: an edge's
/// cursor is the REST <c>nextCursor</c> a page ending at that item would carry.
/// </summary>
public static class Connections
{
    /// <summary>A connection field with the required <c>first</c> and optional <c>after</c> arguments.</summary>
    public static FieldBuilder<TSource, object> ConnectionField<TNodeGraph, TSource>(this ObjectGraphType<TSource> type, string name, string description)
        where TNodeGraph : IGraphType =>
        type.Field<NonNullGraphType<ConnectionType<TNodeGraph, EdgeType<TNodeGraph>>>>(name)
            .Description(description)
            .Argument<NonNullGraphType<IntGraphType>>("first", $"How many items to return, 1–{PageRequest.MaxLimit}.")
            .Argument<StringGraphType>("after", "Return items after this cursor (the endCursor of the previous page).");

    /// <summary>The page the connection arguments ask for, on the list named as REST names it.</summary>
    public static PageRequest PageOf(IResolveFieldContext context, string list) =>
        context.RequestServices!.GetRequiredService<Paging>().Request(list, new ListQuery { Limit = First(context), Cursor = After(context) });

    /// <summary>The <c>first</c> argument, checked against the page size limit.</summary>
    public static int First(IResolveFieldContext context)
    {
        var first = context.GetArgument<int>("first");
        return first is < 1 or > PageRequest.MaxLimit
            ? throw new ValidationFailedException("first", $"first is between 1 and {PageRequest.MaxLimit}.")
            : first;
    }

    public static string? After(IResolveFieldContext context) => context.GetArgument<string?>("after");

    public static Connection<T> From<T>(IResolveFieldContext context, string list, Page<T> page, Func<T, long> keyOf, long? totalCount = null) =>
        FromItems(context, list, page.Items, page.HasMore, keyOf, totalCount);

    public static Connection<T> FromItems<T>(IResolveFieldContext context, string list, IReadOnlyList<T> items, bool hasMore, Func<T, long> keyOf, long? totalCount = null)
    {
        var codec = context.RequestServices!.GetRequiredService<CursorCodec>();
        var tenantId = context.RequestServices!.GetRequiredService<TenantContext>().RequiredTenantId;
        var edges = items.Select(i => new Edge<T> { Node = i, Cursor = codec.Encode(list, tenantId, keyOf(i)) }).ToList();
        return new Connection<T>
        {
            Edges = edges,
            TotalCount = totalCount is { } count ? (int)Math.Min(count, int.MaxValue) : null,
            PageInfo = new PageInfo
            {
                HasNextPage = hasMore,
                HasPreviousPage = After(context) is not null,
                StartCursor = edges.FirstOrDefault()?.Cursor,
                EndCursor = edges.LastOrDefault()?.Cursor,
            },
        };
    }
}
