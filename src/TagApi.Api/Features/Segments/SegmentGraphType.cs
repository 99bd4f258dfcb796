using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using TagApi.Api.Conditional;
using TagApi.Api.Features.Customers;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Query;

namespace TagApi.Api.Features.Segments;

/// <summary>GraphQL <c>Segment</c>: the fields of REST's <see cref="SegmentResponse"/>, with its exact count and members.</summary>
public sealed class SegmentGraphType : ObjectGraphType<Segment>
{
    public SegmentGraphType()
    {
        Name = "Segment";
        Description = "A saved segment: a named query over customers, evaluated on demand from the in-memory index.";
        Interface<NodeGraphType>();
        IsTypeOf = o => o is Segment;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque id (seg_…).").Resolve(c => PublicId.Encode(IdPrefixes.Segment, c.Source.Id));
        Field(s => s.Key).Description("Unique slug; other queries refer to it as segment = 'key'.");
        Field(s => s.Name).Description("Display name.");
        Field(s => s.Description, nullable: true).Description("Free text.");
        Field(s => s.Query).Description("The query in canonical text form.");
        Field<NonNullGraphType<JsonGraphType>>("ast").Description("The same query as its JSON AST.")
            .Resolve(c => SegmentQueryJson.ToJson(SegmentQueryParser.Parse(c.Source.Query)));
        Field<NonNullGraphType<LongGraphType>>("count").Description("Exact number of members now.")
            .Evaluates()
            .ResolveAsync(async c =>
            {
                var evaluation = c.Service<SegmentEvaluation>();
                var (count, _) = await evaluation.CountAsync(await evaluation.SavedQueryAsync(c.Source.Key, c.CancellationToken), c.CancellationToken);
                return count;
            });
        Field("version", s => s.Revision).Description("Grows with every change to the segment; the version its REST ETag carries, and what expectedVersion is compared with.");
        Field(s => s.CreatedAt).Description("Creation time (UTC).");
        Field(s => s.UpdatedAt).Description("Last change (UTC).");
        this.CountedConnectionField<CustomerGraphType, Segment>("customers", "Members in id order, and their exact count as totalCount.")
            .Evaluates()
            .ResolveAsync(async c =>
            {
                var query = await c.Service<SegmentEvaluation>().SavedQueryAsync(c.Source.Key, c.CancellationToken);
                var counted = Connections.SelectsTotalCount(c);
                var (page, customers) = await c.Service<SegmentMembers>().PageCustomersAsync(
                    query, Connections.PageOf(c, SegmentMembers.CursorList), withCount: counted, c.CancellationToken);
                return Connections.FromItems(c, SegmentMembers.CursorList, customers, page.HasMore, x => x.Id, counted ? page.Count : null);
            });
    }

    /// <summary>The JSON AST argument as the element the Core services take.</summary>
    public static JsonElement? AstOf(object? node) => node is JsonNode json ? JsonSerializer.SerializeToElement(json) : null;
}

/// <summary>Whether a query is usable, as REST's <see cref="ValidateQueryResponse"/>.</summary>
public sealed class QueryValidationGraphType : ObjectGraphType<QueryValidation>
{
    public QueryValidationGraphType()
    {
        Name = "SegmentQueryValidation";
        Description = "Whether a segment query is usable, and its canonical forms when it is.";
        Field(v => v.Valid).Description("True when the query can be used.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<QueryErrorGraphType>>>>("errors").Description("Every problem found.").Resolve(c => c.Source.Errors);
        Field<StringGraphType>("normalized").Description("Canonical text of a valid query.").Resolve(c => c.Source.Query?.Text);
        Field<JsonGraphType>("ast").Description("JSON AST of a valid query.").Resolve(c => c.Source.Query is { } q ? SegmentQueryJson.ToJson(q.Root) : null);
    }
}

public sealed class QueryErrorGraphType : ObjectGraphType<QueryError>
{
    public QueryErrorGraphType()
    {
        Name = "SegmentQueryError";
        Description = "One problem in a segment query.";
        Field(e => e.Message).Description("What is wrong, with its position.");
        Field(e => e.Line).Description("1-based line (0 for the JSON form).");
        Field(e => e.Column).Description("1-based column (0 for the JSON form).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("expected").Description("What would have been accepted there.").Resolve(c => c.Source.Expected);
        Field(e => e.Unknown, nullable: true).Description("The unknown name, if that is the problem.");
        Field(e => e.Suggestion, nullable: true).Description("The closest known name.");
        Field(e => e.Path, nullable: true).Description("JSON path of the offending element (JSON form).");
    }
}

/// <summary>The state of the tenant's in-memory index, as REST's <see cref="SegmentIndexResponse"/>.</summary>
public sealed class SegmentIndexGraphType : ObjectGraphType<SegmentIndexResponse>
{
    public SegmentIndexGraphType()
    {
        Name = "SegmentIndex";
        Description = "The state of the tenant's in-memory segment index.";
        Field(i => i.Customers).Description("Customers indexed.");
        Field(i => i.Tags).Description("Tags with at least one holder.");
        Field(i => i.MemoryBytes).Description("Approximate memory the index holds, in bytes (activity timelines included).");
        Field(i => i.ActivityMemoryBytes).Description("The part of memoryBytes the customers' activity timelines hold.");
        Field(i => i.Version).Description("Grows with every change applied.");
    }
}
