namespace TagApi.Api.Tests.Infrastructure;

/// <summary>Settings for hosts whose index follower must not catch up on its own while a test runs.</summary>
public static class FollowerSettings
{
    /// <summary>No commit announcements and a one-minute poll: only a node's own updates (or a test driving the follower) move its index.</summary>
    public static readonly KeyValuePair<string, string?>[] HeldOff =
        [new("Segments:FollowMilliseconds", "60000"), new("Segments:AnnounceCommits", "false")];
}
