using GraphQL.Validation;

namespace TagApi.Api.GraphQL;

/// <summary>
/// GraphQL.NET's validator, with a shortcut for a request that runs no rule (an operation of a cached
/// document that passed them before, see <see cref="ValidatedOperations"/>): its variables and arguments are
/// coerced through the operation's <see cref="OperationPlan"/> instead of a walk of the whole document per
/// request. Any value the plan would not accept goes through the library, so errors read as they always did.
/// </summary>
public sealed class PlannedDocumentValidator : IDocumentValidator
{
    private readonly DocumentValidator _library = new();

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options)
    {
        if (options.Rules is IReadOnlyCollection<IValidationRule> { Count: 0 } && options.Schema.Initialized
            && OperationPlan.For(options.Document, options.Operation, options.Schema) is { Covers: true } plan
            && plan.TryCoerce(options.Document, options.Variables) is { } result)
        {
            return Task.FromResult<IValidationResult>(result);
        }

        return _library.ValidateAsync(in options);
    }
}
