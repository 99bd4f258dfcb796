using TagApi.Core.Analytics;
using TagApi.Core.Common;

namespace TagApi.Api.Features.Analytics;

/// <summary>Clean-up candidates.</summary>
/// <param name="Data">The candidates, by tag key.</param>
/// <param name="Days">The window of <c>no_recent_change</c>.</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
public sealed record UnusedTagsResponse(IReadOnlyList<UnusedTagResponse> Data, int Days, DateTime ComputedAt)
{
    public static UnusedTagsResponse From(UnusedTags u) => new(u.Data.Select(UnusedTagResponse.From).ToList(), u.Days, u.ComputedAt);
}

/// <summary>A clean-up candidate.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Holders">Its holders now.</param>
/// <param name="LastChangedAt">When it was last assigned, removed or expired; null if never.</param>
/// <param name="Reason"><c>no_holders</c> or <c>no_recent_change</c> (holders, but no change within <c>days</c>).</param>
/// <param name="Suggestion"><c>delete</c> (no holders, nothing uses it), <c>merge</c> (into <c>mergeInto</c>, a tag of the same name) or <c>archive</c>.</param>
/// <param name="MergeInto">The tag to merge into, for <c>merge</c>.</param>
/// <param name="UsedBy">Rules and segments that refer to it (listed only with <c>includeUsed=true</c>).</param>
public sealed record UnusedTagResponse(
    AnalyticsTagRef Tag, long Holders, DateTime? LastChangedAt, string Reason, string Suggestion, AnalyticsTagRef? MergeInto, IReadOnlyList<TagUserResponse> UsedBy)
{
    public static UnusedTagResponse From(UnusedTag u) => new(
        AnalyticsTagRef.From(u.Tag), u.Holders, u.LastChangedAt,
        u.Reason == UnusedReason.NoHolders ? "no_holders" : "no_recent_change",
        u.Suggestion switch { CleanupSuggestion.Delete => "delete", CleanupSuggestion.Merge => "merge", _ => "archive" },
        u.MergeInto is null ? null : AnalyticsTagRef.From(u.MergeInto),
        u.UsedBy.Select(TagUserResponse.From).ToList());
}

/// <summary>A rule or segment that refers to a tag.</summary>
/// <param name="Kind"><c>rule</c> (assigns the tag or reads it) or <c>segment</c> (its query reads it).</param>
/// <param name="Id">Its id (<c>rul_…</c> or <c>seg_…</c>).</param>
/// <param name="Key">Its key.</param>
public sealed record TagUserResponse(string Kind, string Id, string Key)
{
    public static TagUserResponse From(TagUser u) => new(u.Kind, PublicId.Encode(u.Kind == "rule" ? IdPrefixes.Rule : IdPrefixes.Segment, u.Id), u.Key);
}

/// <summary>Pairs of tags that look like one.</summary>
/// <param name="Data">The pairs.</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
public sealed record DuplicateTagsResponse(IReadOnlyList<DuplicateTagPairResponse> Data, DateTime ComputedAt)
{
    public static DuplicateTagsResponse From(DuplicateTags d) => new(d.Data.Select(DuplicateTagPairResponse.From).ToList(), d.ComputedAt);
}

/// <summary>Two tags that look like one.</summary>
/// <param name="First">The tag with more holders (the natural one to keep).</param>
/// <param name="Second">The other.</param>
/// <param name="Reasons"><c>same_name</c> (names or keys equal once case, width, punctuation and common traditional characters are folded) and/or <c>holders_overlap</c> (Jaccard ≥ 0.9).</param>
/// <param name="FoldedName">The folded name they share, for <c>same_name</c>.</param>
/// <param name="FirstHolders">Holders of the first.</param>
/// <param name="SecondHolders">Holders of the second.</param>
/// <param name="Both">Customers holding both.</param>
/// <param name="Jaccard">Customers holding both divided by customers holding either.</param>
public sealed record DuplicateTagPairResponse(
    AnalyticsTagRef First, AnalyticsTagRef Second, IReadOnlyList<string> Reasons, string? FoldedName, long FirstHolders, long SecondHolders, long Both, double Jaccard)
{
    public static DuplicateTagPairResponse From(DuplicateTagPair p) => new(
        AnalyticsTagRef.From(p.First), AnalyticsTagRef.From(p.Second),
        p.Reasons.Select(r => r == DuplicateReason.SameName ? "same_name" : "holders_overlap").ToList(), p.FoldedName,
        p.FirstHolders, p.SecondHolders, p.Both, p.Jaccard);
}
