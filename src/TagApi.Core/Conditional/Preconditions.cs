namespace TagApi.Core.Conditional;

/// <summary>
/// The version a write expects its resource to be at — REST's <c>If-Match</c> for the request, a GraphQL mutation's
/// <c>expectedVersion</c> for that mutation — checked by the service against the row it is about to change
/// (<see cref="Check"/>). The check and the write are one: the row's concurrency token makes the UPDATE or DELETE
/// match only the version that was checked, and a row that moved in between is reported as stale by the save
/// (<c>Data.Saving.Revisions</c>), never overwritten. Scoped: one per unit of work; without an expectation it checks nothing.
/// </summary>
public sealed class Preconditions
{
    private readonly List<object> _guarded = [];
    private IReadOnlyList<string>? _entityTags;
    private long? _version;

    /// <summary>True when the current write names a version.</summary>
    public bool Any => _entityTags is not null || _version is not null;

    /// <summary>The entity tags of an <c>If-Match</c> header (<c>*</c> for any current version).</summary>
    public void RequireEntityTags(IReadOnlyList<string> entityTags) => _entityTags = entityTags;

    /// <summary>A mutation's expected version, for as long as the returned scope lives (null expects nothing).</summary>
    public IDisposable RequireVersion(long? version)
    {
        var previous = _version;
        _version = version;
        return new Restore(this, previous);
    }

    /// <summary>
    /// Refuses (412 <c>precondition_failed</c>) when the resource about to be written is not at the expected version;
    /// otherwise remembers it, so that a concurrent change the write runs into is reported the same way.
    /// </summary>
    public void Check(object entity, string prefix, long id, long version, string resource, string reference)
    {
        if (!Any)
        {
            return;
        }

        var current = EntityTag.Of(prefix, id, version);
        var matches = (_version is null || _version == version)
            && (_entityTags is null || _entityTags.Any(t => t == "*" || string.Equals(t, current, StringComparison.Ordinal)));
        if (!matches)
        {
            throw new PreconditionFailedException(resource, reference, current);
        }

        _guarded.Add(entity);
    }

    /// <summary>A write that would create its resource: any expected version fails (there is no current one).</summary>
    public void CheckAbsent(string resource, string reference)
    {
        if (Any)
        {
            throw new PreconditionFailedException(resource, reference, null);
        }
    }

    /// <summary>Whether <paramref name="entity"/> was checked against an expected version in this unit of work.</summary>
    internal bool Guards(object entity) => _guarded.Exists(e => ReferenceEquals(e, entity));

    private sealed class Restore(Preconditions owner, long? previous) : IDisposable
    {
        public void Dispose() => owner._version = previous;
    }
}
