namespace TagApi.Core.Segments.Membership;

/// <summary>How the membership projector holds a segment.</summary>
public sealed record MembershipSettings
{
    /// <summary>
    /// How long a projection holds its segment; renewed inside the transaction of every chunk it
    /// writes. It bounds how long a segment stays untouched after the instance projecting it died.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);
}
