using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Core.Analytics;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Analytics;

/// <summary>REST endpoints of <c>/v1/analytics</c>: distribution, overlap, trends, profiles and tag hygiene.</summary>
public static class AnalyticsEndpoints
{
    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapResourceGroup("/v1/analytics", "Analytics", Scopes.AnalyticsRead);
        read.MapGet("/tags", DistributionAsync).WithName("GetTagAnalytics")
            .WithSummary("How tags are distributed: holders, by rule and by hand, 30-day changes, category coverage").WithProblems(400);
        read.MapGet("/tag-overlap", OverlapAsync).WithName("GetTagOverlap")
            .WithSummary("Exact N×N overlap of up to 50 tags (or segments), with Jaccard index and lift").WithProblems(400);
        read.MapGet("/tags/{idOrKey}/trend", TagTrendAsync).WithName("GetTagTrend")
            .WithSummary("A tag's holders, adds and removes per day, week or month").WithProblems(400, 404);
        read.MapGet("/segments/{idOrKey}/trend", SegmentTrendAsync).WithName("GetSegmentTrend")
            .WithSummary("A segment's members, entries and exits per day, week or month").WithProblems(400, 404);
        read.MapGet("/tags/{idOrKey}/profile", ProfileAsync).WithName("GetTagProfile")
            .WithSummary("How a tag's holders differ from everyone else").WithProblems(404);
        read.MapGet("/unused-tags", UnusedAsync).WithName("GetUnusedTags")
            .WithSummary("Clean-up candidates: tags without holders or without recent change, with a suggestion").WithProblems(400);
        read.MapGet("/duplicate-tags", DuplicatesAsync).WithName("GetDuplicateTags")
            .WithSummary("Pairs of tags with the same folded name or nearly the same holders");
        return app;
    }

    private static async Task<Ok<TagAnalyticsResponse>> DistributionAsync(string? category, TagDistributionReader reader, CancellationToken ct) =>
        TypedResults.Ok(TagAnalyticsResponse.From(await reader.ReadAsync(category, ct)));

    private static async Task<Ok<TagOverlapResponse>> OverlapAsync(string? tags, string? segments, TagOverlapReader reader, CancellationToken ct)
    {
        if ((tags is null) == (segments is null))
        {
            throw new ValidationFailedException("tags", "Give either tags or segments, as a comma-separated list.");
        }

        return tags is not null
            ? TypedResults.Ok(TagOverlapResponse.From(await reader.TagsAsync(tags.Split(','), ct), segments: false))
            : TypedResults.Ok(TagOverlapResponse.From(await reader.SegmentsAsync(segments!.Split(','), ct), segments: true));
    }

    private static async Task<Ok<TrendResponse>> TagTrendAsync(
        string idOrKey, DateTimeOffset? from, DateTimeOffset? to, string? interval, TrendReader reader, CancellationToken ct) =>
        TypedResults.Ok(TrendResponse.From(await reader.TagAsync(idOrKey, interval, from?.UtcDateTime, to?.UtcDateTime, ct)));

    private static async Task<Ok<TrendResponse>> SegmentTrendAsync(
        string idOrKey, DateTimeOffset? from, DateTimeOffset? to, string? interval, TrendReader reader, CancellationToken ct) =>
        TypedResults.Ok(TrendResponse.From(await reader.SegmentAsync(idOrKey, interval, from?.UtcDateTime, to?.UtcDateTime, ct)));

    private static async Task<Ok<TagProfileResponse>> ProfileAsync(string idOrKey, TagProfileReader reader, CancellationToken ct) =>
        TypedResults.Ok(TagProfileResponse.From(await reader.ReadAsync(idOrKey, ct)));

    private static async Task<Ok<UnusedTagsResponse>> UnusedAsync(int? days, bool? includeUsed, TagHygieneReader reader, CancellationToken ct) =>
        TypedResults.Ok(UnusedTagsResponse.From(await reader.UnusedAsync(days, includeUsed ?? false, ct)));

    private static async Task<Ok<DuplicateTagsResponse>> DuplicatesAsync(TagHygieneReader reader, CancellationToken ct) =>
        TypedResults.Ok(DuplicateTagsResponse.From(await reader.DuplicatesAsync(ct)));
}
