using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Microsoft.Extensions.Options;
using TagApi.Api.RateLimiting;
using TagApi.Core.Telemetry;

namespace TagApi.Api.GraphQL;

/// <summary>
/// Depth and complexity limits, checked before execution on every request (cached documents
/// included, since <c>first: $n</c> changes the cost; an operation that passed before with the same
/// scopes and Int variables reuses its cost, see <see cref="ValidatedOperations"/>, which relies on
/// the cost reading variables only through the Int arguments <c>first</c> and <c>last</c>). A connection's <c>first</c> multiplies the
/// cost of what is selected under it. A mutation field, or a field that evaluates a segment query or a rule
/// (<see cref="Evaluations"/>), costs at least one token per selection, as the REST call doing the same work does.
/// The cost of an accepted operation is charged to the caller's rate-limit bucket; an empty bucket refuses the
/// operation with THROTTLED.
/// </summary>
public sealed class CostLimits
{
    private readonly GraphQLOptions _options;
    private readonly ClientRateLimiters _limiters;

    public CostLimits(IOptions<GraphQLOptions> options, ClientRateLimiters limiters)
    {
        _options = options.Value;
        _limiters = limiters;
        var complexity = new ComplexityOptions
        {
            MaxDepth = _options.MaxDepth,
            MaxComplexity = _options.MaxComplexity,
            ValidateComplexityDelegate = ChargeRuleAsync,
        };
        var standard = complexity.DefaultComplexityImpactDelegate;
        var perCall = (double)Math.Max(1, _options.ComplexityPerToken);
        complexity.DefaultComplexityImpactDelegate = context =>
        {
            // Introspection describes the schema, not data: it is free, so explorers and code generators work.
            if (context.FieldDefinition.Name.StartsWith("__", StringComparison.Ordinal) || context.ParentType.Name.StartsWith("__", StringComparison.Ordinal))
            {
                return new FieldComplexityResult(0, 1);
            }

            // What REST prices as one call costs at least one token here, once per selection (aliases and
            // fragments included) and per parent item: a change, or an evaluation of a segment query or rule.
            var impact = standard(context);
            return ReferenceEquals(context.ParentType, context.ValidationContext.Schema.Mutation) || Evaluations.IsEvaluation(context.FieldDefinition, context.FieldAst)
                ? new FieldComplexityResult(Math.Max(impact.FieldImpact, perCall), impact.ChildImpactMultiplier)
                : impact;
        };
        Rule = new ComplexityValidationRule(complexity);
    }

    /// <summary>The validation rule to run on every request.</summary>
    public IValidationRule Rule { get; }

    /// <summary>
    /// Charges an operation of the given cost to the caller's bucket and records it for the response;
    /// the error to report when the bucket cannot pay, else null. Runs once per request: from the rule,
    /// or directly for an operation that passed the rule before (<see cref="ValidatedOperations"/>).
    /// </summary>
    public async ValueTask<ValidationError?> ChargeAsync(GraphQLRequestContext request, double complexity, int depth)
    {
        request.Complexity = complexity;
        request.Depth = depth;
        request.Tokens = Math.Max(1, (int)Math.Ceiling(complexity / Math.Max(1, _options.ComplexityPerToken)));
        var state = await _limiters.TryTakeAsync(request.Caller, request.ClientId, request.Tokens);
        request.RateLimit = state;
        if (!state.Allowed)
        {
            TagApiTelemetry.RateLimitRejections.Add(1, new KeyValuePair<string, object?>("transport", "graphql"));
        }

        return state.Allowed
            ? null
            : new ValidationError(
                $"This operation costs {request.Tokens} rate-limit token(s) and the bucket holds {state.Remaining}; retry after {(int)state.RetryAfter.TotalSeconds} s.")
            {
                Code = GraphQLErrorCodes.Throttled,
            };
    }

    private async Task ChargeRuleAsync(ComplexityValidationContext context)
    {
        if (context.ValidationContext.UserContext is GraphQLRequestContext request
            && await ChargeAsync(request, context.TotalImpact, context.MaxDepth) is { } throttled)
        {
            context.Error = throttled;
        }
    }
}
