using System.Text.Json;
using TagApi.Core.Common;

namespace TagApi.Core.Segments;

/// <summary>Writable fields of a segment; the query is given as text or as its JSON AST form.</summary>
public sealed record SegmentInput
{
    public Optional<string> Key { get; init; }

    public Optional<string> Name { get; init; }

    public Optional<string?> Description { get; init; }

    /// <summary>The query as text, e.g. <c>tag = 'vip' AND city = 'Shanghai'</c>.</summary>
    public Optional<string> Query { get; init; }

    /// <summary>The query as its JSON AST, instead of <see cref="Query"/>.</summary>
    public Optional<JsonElement?> Ast { get; init; }
}
