using TagApi.Core.Tags;

namespace TagApi.Core.Analytics;

/// <summary>Why a tag is a clean-up candidate.</summary>
public enum UnusedReason
{
    /// <summary>Nobody holds it.</summary>
    NoHolders,

    /// <summary>It has holders, but none was added or removed within the window.</summary>
    NoRecentChange,
}

/// <summary>What to do with a clean-up candidate.</summary>
public enum CleanupSuggestion
{
    /// <summary>Nothing holds or uses it: delete it.</summary>
    Delete,

    /// <summary>Keep it readable but stop new use.</summary>
    Archive,

    /// <summary>Another tag has the same name once folded: merge it into that one.</summary>
    Merge,
}

/// <summary>A clean-up candidate.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Holders">Its holders now.</param>
/// <param name="LastChangedAt">Its newest ledger line (an assignment, removal or expiry), null when it never had one.</param>
/// <param name="Reason">Why it is listed.</param>
/// <param name="Suggestion">What to do about it.</param>
/// <param name="MergeInto">For <see cref="CleanupSuggestion.Merge"/>, the tag of the same name.</param>
/// <param name="UsedBy">Rules and segments that refer to it.</param>
public sealed record UnusedTag(Tag Tag, long Holders, DateTime? LastChangedAt, UnusedReason Reason, CleanupSuggestion Suggestion, Tag? MergeInto, IReadOnlyList<TagUser> UsedBy);

/// <summary>Clean-up candidates.</summary>
public sealed record UnusedTags(int Days, IReadOnlyList<UnusedTag> Data, DateTime ComputedAt);

/// <summary>Why two tags look like duplicates.</summary>
public enum DuplicateReason
{
    /// <summary>Their names (or keys) fold to the same text (see <see cref="TagNameFolding"/>).</summary>
    SameName,

    /// <summary>Their holders overlap with a Jaccard index of at least 0.9.</summary>
    HoldersOverlap,
}

/// <summary>A pair of tags that look like one.</summary>
/// <param name="First">One tag (the one with more holders, then the lower key).</param>
/// <param name="Second">The other.</param>
/// <param name="Reasons">Why the pair is listed.</param>
/// <param name="FoldedName">The folded name they share, when <see cref="DuplicateReason.SameName"/>.</param>
/// <param name="FirstHolders">Holders of the first.</param>
/// <param name="SecondHolders">Holders of the second.</param>
/// <param name="Both">Customers holding both.</param>
/// <param name="Jaccard">Both / either.</param>
public sealed record DuplicateTagPair(
    Tag First, Tag Second, IReadOnlyList<DuplicateReason> Reasons, string? FoldedName, long FirstHolders, long SecondHolders, long Both, double Jaccard);

/// <summary>Pairs of tags that look like duplicates.</summary>
public sealed record DuplicateTags(IReadOnlyList<DuplicateTagPair> Data, DateTime ComputedAt);
