using GraphQL;
using GraphQL.Types;
using TagApi.Api.Features.Customers;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;
using static TagApi.Api.GraphQL.Payloads;

namespace TagApi.Api.Features.Segments;

/// <summary>Root GraphQL fields of segments; each calls the Core method its REST endpoint calls.</summary>
public static class SegmentGraphQL
{
    private const string List = "segments";

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<SegmentGraphType>("segment").Description("A saved segment by id or key; null when there is none.")
            .Argument<IdGraphType>("id", "Segment id (seg_…).").Argument<StringGraphType>("key", "Segment key.")
            .RequireScope(Scopes.SegmentsRead)
            .ResolveAsync(c => Resolve.OrNullAsync(() => c.Service<SegmentService>().GetAsync(Resolve.OneOf(c, "id", "key"), c.CancellationToken)));
        query.ConnectionField<SegmentGraphType, object?>("segments", "Saved segments, in creation order.")
            .RequireScope(Scopes.SegmentsRead)
            .ResolveAsync(async c => Connections.From(c, List, await c.Service<SegmentService>().ListAsync(Connections.PageOf(c, List), c.CancellationToken), s => s.Id));
        query.CountedConnectionField<CustomerGraphType, object?>("segmentQuery", "Evaluate an ad-hoc query: its members in id order, and the exact count as totalCount.")
            .Argument<NonNullGraphType<StringGraphType>>("query", "Query text, e.g. tag = 'vip' AND city = 'Shanghai'.")
            .RequireScope(Scopes.SegmentsRead)
            .Evaluates()
            .ResolveAsync(async c =>
            {
                var checkedQuery = await c.Service<SegmentQueries>().CheckAsync(c.GetArgument<string>("query"), null, "query", c.CancellationToken);
                var (page, customers) = await c.Service<SegmentMembers>().PageCustomersAsync(
                    checkedQuery, Connections.PageOf(c, SegmentMembers.CursorList), withCount: true, c.CancellationToken);
                return Connections.FromItems(c, SegmentMembers.CursorList, customers, page.HasMore, x => x.Id, page.Count);
            });
        query.Field<NonNullGraphType<SegmentIndexGraphType>>("segmentIndex").Description("The tenant's in-memory segment index: size, memory and version.")
            .RequireScope(Scopes.SegmentsRead)
            .ResolveAsync(async c => SegmentQueryEndpoints.IndexStatsOf(await c.Service<SegmentEngine>().IndexAsync(c.Service<TenantContext>().RequiredTenantId, c.CancellationToken)));
        query.Field<NonNullGraphType<QueryValidationGraphType>>("validateSegmentQuery")
            .Description("Check a query: every error with its position, or its canonical text and JSON AST.")
            .Argument<StringGraphType>("query", "Query text.").Argument<JsonGraphType>("ast", "Or the query as JSON AST.")
            .RequireScope(Scopes.SegmentsRead)
            .Evaluates()
            .ResolveAsync(async c => await c.Service<SegmentQueries>().ValidateAsync(
                c.GetArgument<string?>("query"), SegmentGraphType.AstOf(c.GetArgument<object?>("ast")), "query", c.CancellationToken));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        var payload = Type("SegmentPayload", "The segment after the change.", ("segment", typeof(SegmentGraphType), "The segment; null when the change failed."));
        mutation.AddMutation("createSegment", "Save a segment; give the query as text or as its JSON AST.", Scopes.SegmentsWrite, payload,
            Args(Arg<NonNullGraphType<SegmentInputGraphType>>("input", "The new segment (key and name required).")),
            async c => new Payload { ["segment"] = await c.Service<SegmentService>().CreateAsync(SegmentInputGraphType.Read(c), c.CancellationToken) });
        mutation.AddMutation("updateSegment", "Change a segment's name, description or query.", Scopes.SegmentsWrite, payload,
            Args(Arg<NonNullGraphType<StringGraphType>>("id", "Segment id or key."), Arg<NonNullGraphType<SegmentInputGraphType>>("input", "The changes.")),
            async c => new Payload { ["segment"] = await c.Service<SegmentService>().UpdateAsync(c.GetArgument<string>("id"), SegmentInputGraphType.Read(c), c.CancellationToken) });
        mutation.AddMutation("deleteSegment", "Delete a segment no other segment uses.", Scopes.SegmentsWrite,
            Type("DeleteSegmentPayload", "Which segment was deleted.", ("deletedId", typeof(IdGraphType), "Id of the deleted segment.")),
            Args(Arg<NonNullGraphType<StringGraphType>>("id", "Segment id or key.")),
            async c =>
            {
                var service = c.Service<SegmentService>();
                var segment = await service.GetAsync(c.GetArgument<string>("id"), c.CancellationToken);
                await service.DeleteAsync(c.GetArgument<string>("id"), c.CancellationToken);
                return new Payload { ["deletedId"] = PublicId.Encode(IdPrefixes.Segment, segment.Id) };
            });
    }
}

/// <summary>Writable fields of a segment.</summary>
public sealed class SegmentInputGraphType : InputObjectGraphType
{
    public SegmentInputGraphType()
    {
        Name = "SegmentInput";
        Description = "Writable fields of a segment; updateSegment keeps fields left out. Give the query as text or as ast, not both.";
        Field<StringGraphType>("key").Description("Unique slug (cannot change later).");
        Field<StringGraphType>("name").Description("Display name.");
        Field<StringGraphType>("description").Description("Free text.");
        Field<StringGraphType>("query").Description("Query text, e.g. tag = 'vip' AND city = 'Shanghai'.");
        Field<JsonGraphType>("ast").Description("The query as its JSON AST, instead of text.");
    }

    public static SegmentInput Read(IResolveFieldContext context)
    {
        var input = new InputFields(context.GetArgument<Dictionary<string, object?>>("input"));
        var ast = input.Optional<object?>("ast");
        return new SegmentInput
        {
            Key = input.Optional<string>("key"),
            Name = input.Optional<string>("name"),
            Description = input.Optional<string?>("description"),
            Query = input.Optional<string>("query"),
            Ast = ast.IsSet ? new Optional<System.Text.Json.JsonElement?>(SegmentGraphType.AstOf(ast.Value)) : default,
        };
    }
}
