using System.Text.Json;
using TagApi.Api.Features.Customers;

namespace TagApi.Api.Features.Segments;

/// <summary>An ad-hoc query: its members, paged, with the exact count.</summary>
/// <param name="Query">Query text.</param>
/// <param name="Ast">Or the query as JSON AST.</param>
/// <param name="Limit">Members per page, 0–200 (default 50; 0 for the count alone).</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
public sealed record SegmentQueryRequest(string? Query = null, JsonElement? Ast = null, int? Limit = null, string? Cursor = null);

/// <summary>The answer to a query.</summary>
/// <param name="Count">Exact number of matching customers.</param>
/// <param name="Data">This page of members.</param>
/// <param name="NextCursor">Cursor of the next page, null on the last.</param>
/// <param name="ComputedAt">The moment the answer describes (UTC).</param>
public sealed record SegmentQueryResponse(long Count, IReadOnlyList<CustomerResponse> Data, string? NextCursor, DateTime ComputedAt);

/// <summary>An exact count.</summary>
/// <param name="Count">Number of matching customers.</param>
/// <param name="ComputedAt">The moment the count describes (UTC).</param>
public sealed record SegmentCountResponse(long Count, DateTime ComputedAt);

/// <summary>A page of members.</summary>
/// <param name="Data">Members in id order.</param>
/// <param name="NextCursor">Cursor of the next page, null on the last.</param>
/// <param name="ComputedAt">The moment the page describes (UTC).</param>
public sealed record SegmentMembersResponse(IReadOnlyList<CustomerResponse> Data, string? NextCursor, DateTime ComputedAt);

/// <summary>The state of the tenant's in-memory segment index.</summary>
/// <param name="Customers">Customers indexed.</param>
/// <param name="Tags">Tags with at least one holder.</param>
/// <param name="MemoryBytes">Approximate memory the index holds, in bytes (activity timelines included).</param>
/// <param name="Version">Grows with every change applied.</param>
/// <param name="ActivityMemoryBytes">The part of memoryBytes the customers' activity timelines hold.</param>
public sealed record SegmentIndexResponse(long Customers, int Tags, long MemoryBytes, long Version, long ActivityMemoryBytes);
