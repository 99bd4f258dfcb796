using TagApi.Core.Common;

namespace TagApi.Core.Conditional;

/// <summary>A write named a version (If-Match, expectedVersion) the resource is no longer at; nothing was changed.</summary>
public sealed class PreconditionFailedException : TagApiException
{
    /// <summary>The resource is at <paramref name="current"/> (an entity tag), or does not exist when that is null.</summary>
    public PreconditionFailedException(string resource, string reference, string? current)
        : base("precondition_failed", current is null
            ? $"{resource} '{reference}' does not exist, so it is not at the version the request expects."
            : $"{resource} '{reference}' is not at the version the request expects (it is at {current}); read it again and retry.")
    {
    }

    /// <summary>The resource was changed by another request between the check and the write.</summary>
    public PreconditionFailedException(string resource)
        : base("precondition_failed", $"The {resource} was changed by another request while this one was writing it; read it again and retry.")
    {
    }
}
