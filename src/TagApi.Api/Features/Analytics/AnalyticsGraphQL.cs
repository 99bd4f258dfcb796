using GraphQL;
using GraphQL.Types;
using TagApi.Api.GraphQL;
using TagApi.Core.Analytics;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Analytics;

/// <summary>
/// Root GraphQL fields of analytics; each calls the Core reader its REST endpoint calls. Each is priced as an
/// evaluation (<see cref="Evaluations"/>): one selection does the work of one REST call.
/// </summary>
public static class AnalyticsGraphQL
{
    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<TagAnalyticsGraphType>>("tagAnalytics").Description("How tags are distributed: holders, by rule and by hand, 30-day changes, category coverage.")
            .Argument<StringGraphType>("category", "Only tags of this category (id or key).")
            .RequireScope(Scopes.AnalyticsRead).Evaluates()
            .ResolveAsync(async c => TagAnalyticsResponse.From(await c.Service<TagDistributionReader>().ReadAsync(c.GetArgument<string?>("category"), c.CancellationToken)));

        query.Field<NonNullGraphType<TagOverlapGraphType>>("tagOverlap").Description("Exact N×N overlap of up to 50 tags, or of up to 50 saved segments, with Jaccard index and lift.")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("tags", "Tags by id or key; give tags or segments.")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("segments", "Saved segments by id or key.")
            .RequireScope(Scopes.AnalyticsRead).Evaluates()
            .ResolveAsync(async c =>
            {
                var (tags, segments) = (c.GetArgument<List<string>?>("tags"), c.GetArgument<List<string>?>("segments"));
                if ((tags is null) == (segments is null))
                {
                    throw new ValidationFailedException("tags", "Give either tags or segments.");
                }

                var reader = c.Service<TagOverlapReader>();
                return tags is not null
                    ? TagOverlapResponse.From(await reader.TagsAsync(tags, c.CancellationToken), segments: false)
                    : TagOverlapResponse.From(await reader.SegmentsAsync(segments!, c.CancellationToken), segments: true);
            });

        query.Field<NonNullGraphType<TrendGraphType>>("tagTrend").Description("A tag's holders, adds and removes per day, week or month.")
            .Argument<NonNullGraphType<StringGraphType>>("tag", "Tag id or key.")
            .Argument<StringGraphType>("interval", "day (default), week or month.")
            .Argument<DateTimeGraphType>("from", "Start of the range (UTC); 30 days or 12 weeks/months before to when absent.")
            .Argument<DateTimeGraphType>("to", "End of the range (UTC); now when absent.")
            .RequireScope(Scopes.AnalyticsRead).Evaluates()
            .ResolveAsync(async c => TrendResponse.From(await c.Service<TrendReader>().TagAsync(
                c.GetArgument<string>("tag"), c.GetArgument<string?>("interval"), Utc(c, "from"), Utc(c, "to"), c.CancellationToken)));

        query.Field<NonNullGraphType<TrendGraphType>>("segmentTrend").Description("A segment's members, entries and exits per day, week or month.")
            .Argument<NonNullGraphType<StringGraphType>>("segment", "Segment id or key.")
            .Argument<StringGraphType>("interval", "day (default), week or month.")
            .Argument<DateTimeGraphType>("from", "Start of the range (UTC); 30 days or 12 weeks/months before to when absent.")
            .Argument<DateTimeGraphType>("to", "End of the range (UTC); now when absent.")
            .RequireScope(Scopes.AnalyticsRead).Evaluates()
            .ResolveAsync(async c => TrendResponse.From(await c.Service<TrendReader>().SegmentAsync(
                c.GetArgument<string>("segment"), c.GetArgument<string?>("interval"), Utc(c, "from"), Utc(c, "to"), c.CancellationToken)));

        query.Field<NonNullGraphType<TagProfileGraphType>>("tagProfile").Description("How a tag's holders differ from everyone else.")
            .Argument<NonNullGraphType<StringGraphType>>("tag", "Tag id or key.")
            .RequireScope(Scopes.AnalyticsRead).Evaluates()
            .ResolveAsync(async c => TagProfileResponse.From(await c.Service<TagProfileReader>().ReadAsync(c.GetArgument<string>("tag"), c.CancellationToken)));

        query.Field<NonNullGraphType<UnusedTagsGraphType>>("unusedTags").Description("Clean-up candidates: tags without holders or without recent change, with a suggestion.")
            .Argument<IntGraphType>("days", "The window of no_recent_change, 1–3650 (default 90).")
            .Argument<BooleanGraphType>("includeUsed", "Also list candidates that rules or segments refer to (default false).")
            .RequireScope(Scopes.AnalyticsRead).Evaluates()
            .ResolveAsync(async c => UnusedTagsResponse.From(await c.Service<TagHygieneReader>().UnusedAsync(
                c.GetArgument<int?>("days"), c.GetArgument<bool?>("includeUsed") ?? false, c.CancellationToken)));

        query.Field<NonNullGraphType<DuplicateTagsGraphType>>("duplicateTags").Description("Pairs of tags with the same folded name or nearly the same holders.")
            .RequireScope(Scopes.AnalyticsRead).Evaluates()
            .ResolveAsync(async c => DuplicateTagsResponse.From(await c.Service<TagHygieneReader>().DuplicatesAsync(c.CancellationToken)));
    }

    private static DateTime? Utc(IResolveFieldContext c, string name) => c.GetArgument<DateTime?>(name)?.ToUniversalTime();
}
