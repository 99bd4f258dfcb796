using Microsoft.Extensions.Options;
using TagApi.Api.GraphQL;

namespace TagApi.Api.Configuration;

/// <summary>Every GraphQL limit is a positive number; zero or less would refuse every operation or none.</summary>
internal sealed class GraphQLOptionsValidation : IValidateOptions<GraphQLOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphQLOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.MaxDocumentBytes), options.MaxDocumentBytes);
        Positive(failures, nameof(options.MaxDepth), options.MaxDepth);
        Positive(failures, nameof(options.MaxComplexity), options.MaxComplexity);
        Positive(failures, nameof(options.MaxSelections), options.MaxSelections);
        Positive(failures, nameof(options.MaxEvaluations), options.MaxEvaluations);
        Positive(failures, nameof(options.ComplexityPerToken), options.ComplexityPerToken);
        Positive(failures, nameof(options.TimeoutSeconds), options.TimeoutSeconds);
        Positive(failures, nameof(options.DocumentCacheSize), options.DocumentCacheSize);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, int value)
    {
        if (value < 1)
        {
            failures.Add($"GraphQL:{name} must be at least 1 (it is {value}).");
        }
    }
}
