namespace TagApi.Core.Webhooks.Payloads;

/// <summary>A customer as events name it.</summary>
/// <param name="Id">Its public id (<c>cus_…</c>).</param>
/// <param name="ExternalId">The integrator's id for it; null when the event could not read it.</param>
public sealed record CustomerReference(string Id, string? ExternalId);

/// <summary>A tag as tag events name it.</summary>
/// <param name="Id">Its public id (<c>tag_…</c>).</param>
/// <param name="Key">Its key.</param>
/// <param name="Name">Its display name.</param>
public sealed record TagReference(string Id, string Key, string Name);

/// <summary>A segment as membership events name it.</summary>
/// <param name="Id">Its public id (<c>seg_…</c>).</param>
/// <param name="Key">Its key.</param>
public sealed record SegmentReference(string Id, string Key);

/// <summary>A rule as run events name it.</summary>
/// <param name="Id">Its public id (<c>rul_…</c>).</param>
/// <param name="Key">Its key; null when the run's rule was not loaded with it.</param>
public sealed record RuleReference(string Id, string? Key);

/// <summary>A webhook endpoint as endpoint events name it.</summary>
/// <param name="Id">Its public id (<c>whe_…</c>).</param>
/// <param name="Url">Where it receives events.</param>
public sealed record EndpointReference(string Id, string Url);

/// <summary>Something named by its public id alone.</summary>
/// <param name="Id">The public id.</param>
public sealed record IdReference(string Id);
