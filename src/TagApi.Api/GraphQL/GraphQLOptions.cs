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

    /// <summary>
    /// Most field selections a document may hold once every fragment spread is replaced by its fragment
    /// (counted per operation and per fragment, without expanding anything), checked before validation.
    /// </summary>
    public int MaxSelections { get; set; } = 2_000;

    /// <summary>
    /// Most selections of fields that evaluate a segment query or a rule (<c>segmentQuery</c>, <c>Segment.count</c>,
    /// <c>previewRule</c>, …) one operation may hold, aliases and fragments included.
    /// </summary>
    public int MaxEvaluations { get; set; } = 10;

    /// <summary>Complexity points that cost one rate-limit token.</summary>
    public int ComplexityPerToken { get; set; } = 100;

    /// <summary>Longest an operation may run before it is stopped.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>How many parsed and validated documents are kept.</summary>
    public int DocumentCacheSize { get; set; } = 500;

    /// <summary>
    /// Whether repeated operations use the execution plans kept with cached documents (<see cref="OperationPlan"/>,
    /// <see cref="PlannedDocumentValidator"/>, <see cref="PlannedExecutionStrategy"/>, <see cref="ValidatedOperations"/>).
    /// Off, every request takes GraphQL.NET's own validation and serial execution, as a fallback should a library
    /// upgrade change what the plans rely on.
    /// </summary>
    public bool ExecutionPlanning { get; set; } = true;
}
