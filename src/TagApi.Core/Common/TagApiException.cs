namespace TagApi.Core.Common;

/// <summary>
/// A business failure with a stable machine-readable code. Transports map it once:
/// REST to an RFC 9457 problem, GraphQL to a userError.
/// </summary>
public abstract class TagApiException(string code, string message) : Exception(message)
{
    /// <summary>Stable error code such as <c>not_found</c> or <c>conflict</c>.</summary>
    public string Code { get; } = code;
}
