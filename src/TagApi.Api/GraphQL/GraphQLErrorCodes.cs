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

    /// <summary>The document selects too many fields once its fragments are expanded (<see cref="SelectionBudget"/>).</summary>
    public const string QueryTooComplex = "QUERY_TOO_COMPLEX";

    /// <summary>The operation evaluates segment queries or rules more often than one request may (<see cref="SelectionBudget"/>).</summary>
    public const string TooManyEvaluations = "TOO_MANY_EVALUATIONS";

    /// <summary>The operation ran past <see cref="GraphQLOptions.TimeoutSeconds"/> and was stopped (GraphQL.NET's own code).</summary>
    public const string Timeout = "TIMEOUT";
}
