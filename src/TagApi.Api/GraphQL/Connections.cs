using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Types.Relay.DataObjects;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.GraphQL;

/// <summary>
/// Relay connections over the same keyset pages and signed cursors as REST lists: an edge's
/// cursor is the REST <c>nextCursor</c> a page ending at that item would carry. Paging goes both
/// ways: <c>first</c>/<c>after</c> forward, <c>last</c>/<c>before</c> backward; exactly one of
/// <c>first</c> and <c>last</c> is given.
/// </summary>
public static class Connections
{
    /// <summary>A connection field with the Relay arguments <c>first</c>, <c>after</c>, <c>last</c> and <c>before</c>.</summary>
    public static FieldBuilder<TSource, object> ConnectionField<TNodeGraph, TSource>(this ObjectGraphType<TSource> type, string name, string description)
        where TNodeGraph : IGraphType =>
        PagingArguments(type.Field<NonNullGraphType<ConnectionGraphType<TNodeGraph>>>(name).Description(description));

    /// <summary>A connection field whose list is counted: its connection answers <c>totalCount</c>, built with <see cref="FromItems{T}(IResolveFieldContext, string, IReadOnlyList{T}, bool, Func{T, long}, long?)"/> and a count.</summary>
    public static FieldBuilder<TSource, object> CountedConnectionField<TNodeGraph, TSource>(this ObjectGraphType<TSource> type, string name, string description)
        where TNodeGraph : IGraphType =>
        PagingArguments(type.Field<NonNullGraphType<CountedConnectionGraphType<TNodeGraph>>>(name).Description(description));

    /// <summary>Whether the selection of a connection asks for its <c>totalCount</c> (fragments included), so a count is only made when read.</summary>
    public static bool SelectsTotalCount(IResolveFieldContext context) =>
        context.SubFields is not { } fields || fields.Values.Any(f => f.FieldType.Name == "totalCount");

    private static FieldBuilder<TSource, object> PagingArguments<TSource>(FieldBuilder<TSource, object> field) =>
        field
            .Argument<IntGraphType>("first", $"How many items to return from the start, 1–{PageRequest.MaxLimit}. Give first or last, not both.")
            .Argument<StringGraphType>("after", "Return items after this cursor (the endCursor of the previous page).")
            .Argument<IntGraphType>("last", $"How many items to return from the end, 1–{PageRequest.MaxLimit}. Give first or last, not both.")
            .Argument<StringGraphType>("before", "Return items before this cursor (the startCursor of the following page).");

    /// <summary>The page the connection arguments ask for, on the list named as REST names it.</summary>
    public static PageRequest PageOf(IResolveFieldContext context, string list)
    {
        var codec = context.RequestServices!.GetRequiredService<CursorCodec>();
        var tenantId = context.RequestServices!.GetRequiredService<TenantContext>().RequiredTenantId;
        return PageOf(context, cursor => codec.Decode(list, tenantId, cursor));
    }

    /// <summary>The page the connection arguments ask for, for a list whose cursors <paramref name="decode"/> reads.</summary>
    public static PageRequest PageOf(IResolveFieldContext context, Func<string, long> decode)
    {
        var (limit, fromEnd) = Size(context);
        var after = context.GetArgument<string?>("after");
        var before = context.GetArgument<string?>("before");
        return new PageRequest(limit, string.IsNullOrEmpty(after) ? null : decode(after), string.IsNullOrEmpty(before) ? null : decode(before), fromEnd);
    }

    /// <summary>How many items, and whether from the end: exactly one of <c>first</c> and <c>last</c>, each 1–200.</summary>
    public static (int Limit, bool FromEnd) Size(IResolveFieldContext context)
    {
        var first = context.GetArgument<int?>("first");
        var last = context.GetArgument<int?>("last");
        if ((first is null) == (last is null))
        {
            throw new ValidationFailedException(first is null ? "first" : "last", "Give exactly one of first or last.");
        }

        var name = first is null ? "last" : "first";
        var count = first ?? last!.Value;
        return count is < 1 or > PageRequest.MaxLimit
            ? throw new ValidationFailedException(name, $"{name} is between 1 and {PageRequest.MaxLimit}.")
            : (count, last is not null);
    }

    public static ConnectionPage From<T>(IResolveFieldContext context, string list, Page<T> page, Func<T, long> keyOf, long? totalCount = null) =>
        FromItems(context, list, page.Items, page.HasMore, keyOf, totalCount);

    /// <summary>
    /// The connection of one page. <paramref name="hasMore"/> looks in the direction of travel; the
    /// other direction is known only from the request (a cursor given there means items lie beyond it).
    /// </summary>
    public static ConnectionPage FromItems<T>(IResolveFieldContext context, string list, IReadOnlyList<T> items, bool hasMore, Func<T, long> keyOf, long? totalCount = null)
    {
        var codec = context.RequestServices!.GetRequiredService<CursorCodec>();
        var tenantId = context.RequestServices!.GetRequiredService<TenantContext>().RequiredTenantId;
        return FromItems(context, items, hasMore, i => codec.Encode(list, tenantId, keyOf(i)), totalCount);
    }

    /// <summary>The connection of one page whose edge cursors <paramref name="cursorOf"/> writes.</summary>
    public static ConnectionPage FromItems<T>(IResolveFieldContext context, IReadOnlyList<T> items, bool hasMore, Func<T, string> cursorOf, long? totalCount = null)
    {
        var edges = items.Select(i => new ConnectionEdge(cursorOf(i), i!)).ToList();
        var fromEnd = context.GetArgument<int?>("last") is not null;
        return new ConnectionPage(edges, new PageInfo
        {
            HasNextPage = fromEnd ? Given(context, "before") : hasMore,
            HasPreviousPage = fromEnd ? hasMore : Given(context, "after"),
            StartCursor = edges.FirstOrDefault()?.Cursor,
            EndCursor = edges.LastOrDefault()?.Cursor,
        }, totalCount);
    }

    private static bool Given(IResolveFieldContext context, string argument) => !string.IsNullOrEmpty(context.GetArgument<string?>(argument));
}
