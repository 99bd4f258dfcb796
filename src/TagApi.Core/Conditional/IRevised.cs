namespace TagApi.Core.Conditional;

/// <summary>
/// A resource whose every change moves its revision: the version its <c>ETag</c> and GraphQL <c>version</c> carry, and
/// the optimistic concurrency token of its row. The save pipeline moves it (<c>Data.Saving.Revisions</c>); nothing else does.
/// Customers have had such a number from the start (<c>Customer.Version</c>) and keep it.
/// </summary>
public interface IRevised
{
    /// <summary>1 when created, one more with every save that changes what the resource shows.</summary>
    long Revision { get; set; }
}
