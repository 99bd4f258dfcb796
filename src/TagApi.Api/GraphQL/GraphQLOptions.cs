namespace TagApi.Api.GraphQL;

/// <summary>Limits of the <c>/graphql</c> endpoint, from the <c>GraphQL</c> configuration section.</summary>
public sealed class GraphQLOptions
{
    /// <summary>Largest request body or document accepted, in bytes.</summary>
    public int MaxDocumentBytes { get; set; } = 64 * 1024;

    /// <summary>Deepest selection nesting allowed (introspection included).</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>Highest computed complexity allowed; connection sizes multiply the cost of what they select.</summary>
    public int MaxComplexity { get; set; } = 25_000;

    /// <summary>Complexity points that cost one rate-limit token.</summary>
    public int ComplexityPerToken { get; set; } = 100;

    /// <summary>Longest an operation may run before it is stopped.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>How many parsed and validated documents are kept.</summary>
    public int DocumentCacheSize { get; set; } = 500;
}
