using System.Text.Json;
using TagApi.Core.Common;

namespace TagApi.Core.Segments;

/// <summary>Writable fields of a segment; the query is given as text or as its JSON AST form.</summary>
public sealed record SegmentInput
{
    /// <summary>Unique slug; other queries refer to it as segment = 'key'. It cannot change once created.</summary>
    public Optional<string> Key { get; init; }

    /// <summary>Display name.</summary>
    public Optional<string> Name { get; init; }

    /// <summary>Free text; null clears it.</summary>
    public Optional<string?> Description { get; init; }

    /// <summary>The query as text, e.g. <c>tag = 'vip' AND city = 'Shanghai'</c>.</summary>
    public Optional<string> Query { get; init; }

    /// <summary>The query as its JSON AST, instead of <see cref="Query"/>.</summary>
    public Optional<JsonElement?> Ast { get; init; }
}
