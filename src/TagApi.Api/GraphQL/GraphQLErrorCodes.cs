namespace TagApi.Api.GraphQL;

/// <summary>
/// Codes of top-level GraphQL errors raised by the transport (<c>errors[].extensions.code</c>).
/// Business failures keep the REST codes (<c>not_found</c>, <c>validation_failed</c>, …).
/// </summary>
public static class GraphQLErrorCodes
{
    public const string Forbidden = "FORBIDDEN";
    public const string Throttled = "THROTTLED";
    public const string BadRequest = "BAD_REQUEST";
    public const string PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND";
    public const string InternalError = "INTERNAL_ERROR";
}
