namespace TagApi.Core.Common;

/// <summary>The resource does not exist in the caller's tenant (another tenant's id looks the same).</summary>
public sealed class NotFoundException(string resource, string id)
    : TagApiException("not_found", $"{resource} '{id}' was not found.")
{
    public string Resource { get; } = resource;
}

/// <summary>The request conflicts with the current state (duplicate key, rule-owned tag, category in use…).</summary>
public sealed class ConflictException(string code, string message) : TagApiException(code, message);

/// <summary>
/// The caller's token lacks a scope this particular request needs — beyond its route's own scope,
/// e.g. <c>customers:pii</c> for a query reading <c>age</c>. The message names the scope.
/// </summary>
public sealed class ForbiddenException(string scope, string message) : TagApiException("forbidden", message)
{
    /// <summary>The scope the request needs.</summary>
    public string Scope { get; } = scope;
}

/// <summary>One or more fields are invalid; nothing was changed.</summary>
public sealed class ValidationFailedException : TagApiException
{
    public ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
        : base("validation_failed", "One or more fields are invalid.") => Errors = errors;

    public ValidationFailedException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    /// <summary>Messages per field name (camelCase, as in the request).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>A batch failed item validation; nothing was applied.</summary>
public sealed class BatchRejectedException(IReadOnlyList<BatchItemError> items)
    : TagApiException("batch_rejected", $"{items.Count} item(s) of the batch are invalid; nothing was applied.")
{
    public IReadOnlyList<BatchItemError> Items { get; } = items;
}

/// <summary>Why one item of a batch was refused.</summary>
/// <param name="List">Which list of the batch the item is in (<c>add</c> or <c>remove</c>).</param>
/// <param name="Index">Zero-based position of the item in that list.</param>
/// <param name="Code">Stable error code.</param>
/// <param name="Message">Human-readable explanation.</param>
public sealed record BatchItemError(string List, int Index, string Code, string Message);
