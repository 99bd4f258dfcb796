using TagApi.Core.Common;

namespace TagApi.Core.Segments.Query;

/// <summary>
/// A segment query that cannot be used: bad syntax, a type mismatch, an exceeded limit or
/// an unknown name. Code <c>query_invalid</c>; <see cref="Errors"/> lists every problem found.
/// </summary>
public sealed class SegmentQueryException : TagApiException
{
    /// <summary>The stable error code.</summary>
    public const string ErrorCode = "query_invalid";

    /// <summary>Creates the exception from at least one error.</summary>
    public SegmentQueryException(IReadOnlyList<QueryError> errors)
        : base(ErrorCode, Summarize(errors))
    {
        Errors = errors;
    }

    /// <summary>The problems, in the order they occur in the query.</summary>
    public IReadOnlyList<QueryError> Errors { get; }

    /// <summary>The request field that held the query (<c>query</c>, <c>condition</c>, <c>bands[1].when</c>…), when the checker was told.</summary>
    public string? Field { get; init; }

    private static string Summarize(IReadOnlyList<QueryError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        return errors.Count == 1
            ? errors[0].Message
            : $"{errors[0].Message} (and {errors.Count - 1} more {(errors.Count == 2 ? "error" : "errors")})";
    }
}
