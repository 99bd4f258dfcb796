using System.Text.Json;
using System.Text.Json.Nodes;
using TagApi.Core.Common;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Query;

namespace TagApi.Api.Features.Segments;

/// <summary>A saved segment.</summary>
/// <param name="Id">Opaque id (<c>seg_…</c>).</param>
/// <param name="Key">Unique slug within the tenant; other queries refer to it as <c>segment = 'key'</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">Free text.</param>
/// <param name="Query">The query in canonical text form.</param>
/// <param name="Ast">The same query as its JSON AST.</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
/// <param name="UpdatedAt">Last change (UTC).</param>
public sealed record SegmentResponse(string Id, string Key, string Name, string? Description, string Query, JsonNode Ast, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static SegmentResponse From(Segment s) => new(
        PublicId.Encode(IdPrefixes.Segment, s.Id), s.Key, s.Name, s.Description, s.Query,
        SegmentQueryJson.ToJson(SegmentQueryParser.Parse(s.Query)), s.CreatedAt, s.UpdatedAt);
}

/// <summary>A new segment; give the query as text or as its JSON AST.</summary>
/// <param name="Key">Unique slug.</param>
/// <param name="Name">Display name.</param>
/// <param name="Query">Query text, e.g. <c>tag = 'vip' AND city = 'Shanghai'</c>.</param>
/// <param name="Ast">The query as JSON AST, instead of text.</param>
/// <param name="Description">Free text.</param>
public sealed record CreateSegmentRequest(string Key, string Name, string? Query = null, JsonElement? Ast = null, string? Description = null)
{
    public SegmentInput ToInput() => new()
    {
        Key = new(Key),
        Name = new(Name),
        Description = new(Description),
        Query = Query is null ? default : new(Query),
        Ast = Ast is null ? default : new(Ast),
    };
}

/// <summary>A query to check.</summary>
/// <param name="Query">Query text.</param>
/// <param name="Ast">Or the query as JSON AST.</param>
public sealed record ValidateQueryRequest(string? Query = null, JsonElement? Ast = null);

/// <summary>One problem in a query.</summary>
/// <param name="Message">What is wrong, with its position.</param>
/// <param name="Line">1-based line (0 for the JSON form).</param>
/// <param name="Column">1-based column (0 for the JSON form).</param>
/// <param name="Expected">What would have been accepted there.</param>
/// <param name="Unknown">The unknown name, if that is the problem.</param>
/// <param name="Suggestion">The closest known name.</param>
/// <param name="Path">JSON path of the offending element (JSON form).</param>
public sealed record QueryErrorResponse(string Message, int Line, int Column, IReadOnlyList<string> Expected, string? Unknown, string? Suggestion, string? Path)
{
    public static QueryErrorResponse From(QueryError e) => new(e.Message, e.Line, e.Column, e.Expected, e.Unknown, e.Suggestion, e.Path);
}

/// <summary>Whether a query is usable, and its canonical forms when it is.</summary>
/// <param name="Valid">True when the query can be used.</param>
/// <param name="Errors">Every problem found.</param>
/// <param name="Normalized">Canonical text of a valid query.</param>
/// <param name="Ast">JSON AST of a valid query.</param>
public sealed record ValidateQueryResponse(bool Valid, IReadOnlyList<QueryErrorResponse> Errors, string? Normalized, JsonNode? Ast);
