using TagApi.Api.RateLimiting;

namespace TagApi.Api.GraphQL;

/// <summary>
/// The user context of one GraphQL request: who is charged for it, and what validation learnt
/// about it (its cost and the caller's bucket afterwards) for the HTTP response.
/// </summary>
public sealed class GraphQLRequestContext : Dictionary<string, object?>
{
    public required string Caller { get; init; }

    public required string? ClientId { get; init; }

    /// <summary>The computed complexity of the operation, once known.</summary>
    public double Complexity { get; set; }

    /// <summary>The deepest nesting of the operation, once known.</summary>
    public int Depth { get; set; }

    /// <summary>Rate-limit tokens the operation was charged.</summary>
    public int Tokens { get; set; }

    /// <summary>The caller's bucket after the charge, when one was made.</summary>
    public RateLimitState? RateLimit { get; set; }
}
