using GraphQL;
using GraphQL.Types;
using TagApi.Api.Conditional;
using TagApi.Api.Features.Tags;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Rules;

namespace TagApi.Api.Features.Rules;

/// <summary>GraphQL <c>Rule</c>: the fields of REST's <see cref="RuleResponse"/>.</summary>
public sealed class RuleGraphType : ObjectGraphType<TaggingRule>
{
    public RuleGraphType()
    {
        Name = "Rule";
        Description = "A tagging rule: one tag while a condition holds, or for an exclusive category the first matching band's tag.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque id (rul_…).").Resolve(c => PublicId.Encode(IdPrefixes.Rule, c.Source.Id));
        Field(r => r.Key).Description("Unique slug within the tenant.");
        Field(r => r.Name).Description("Display name.");
        Field(r => r.Description, nullable: true).Description("Free text.");
        Field<TagGraphType>("tag").Description("The tag of a single-tag rule (null for a band rule).")
            .ResolveAsync(async c => c.Source.Banded ? null : (await TagsAsync(c)).GetValueOrDefault(RuleBands.TagIds(c.Source)[0]));
        Field<StringGraphType>("condition").Description("The condition of a single-tag rule (null for a band rule).")
            .Resolve(c => c.Source.Banded ? null : RuleBands.Of(c.Source)[0].When);
        Field<ListGraphType<NonNullGraphType<RuleBandGraphType>>>("bands").Description("The bands of a band rule, first match wins (null for a single-tag rule).")
            .ResolveAsync(async c =>
            {
                if (!c.Source.Banded)
                {
                    return null;
                }

                var tags = await TagsAsync(c);
                return RuleBands.Of(c.Source).Select(b => new RuleBandView(tags.GetValueOrDefault(b.TagId), b.When)).ToList();
            });
        Field(r => r.Enabled).Description("Disabled rules keep their tags but change nothing.");
        Field(r => r.Priority).Description("Among rules of one exclusive category, the higher priority wins.");
        Field(r => r.Version).Description("Grows with every change to what the rule does; history entries name it.");
        Field(r => r.Revision).Description("Grows with every change to the rule, its name, schedule and runs included; the version its REST ETag carries, and what updateRule's expectedVersion is compared with.");
        Field(r => r.RemoveWhenUnmatched).Description("Whether the tag is removed when the condition stops holding.");
        Field(r => r.IntervalMinutes).Description("Maximum staleness of time-dependent conditions, in minutes.");
        Field(r => r.LastEvaluatedAt, nullable: true).Description("When the last full run evaluated the conditions.");
        Field(r => r.NextEvaluationAt, nullable: true).Description("When the next full run is due (null while disabled).");
        Field(r => r.CreatedAt).Description("Creation time (UTC).");
        Field(r => r.UpdatedAt).Description("Last change (UTC).");
    }

    private static Task<Dictionary<long, Core.Tags.Tag>> TagsAsync(IResolveFieldContext<TaggingRule> c) =>
        c.Service<RuleService>().TagsOfAsync([c.Source], c.CancellationToken);
}

/// <summary>A band with its tag loaded.</summary>
public sealed record RuleBandView(Core.Tags.Tag? Tag, string When);

/// <summary>GraphQL <c>RuleBand</c>.</summary>
public sealed class RuleBandGraphType : ObjectGraphType<RuleBandView>
{
    public RuleBandGraphType()
    {
        Name = "RuleBand";
        Description = "One band of a band rule.";
        Field<TagGraphType>("tag").Description("The tag a customer gets.").Resolve(c => c.Source.Tag);
        Field(b => b.When).Description("The condition, canonical text.");
    }
}

/// <summary>GraphQL <c>RuleRun</c>: a run or a preview.</summary>
public sealed class RuleRunGraphType : ObjectGraphType<RuleRunResult>
{
    public RuleRunGraphType()
    {
        Name = "RuleRun";
        Description = "A full evaluation of a rule: the diff it wrote (or, for a preview, would write), with samples.";
        Field<IdGraphType>("id").Description("Run id (run_…); null for a preview.").Resolve(c => c.Source.Run.Id == 0 ? null : PublicId.Encode(IdPrefixes.RuleRun, c.Source.Run.Id));
        Field<NonNullGraphType<StringGraphType>>("trigger").Description("manual, scheduled, definition or preview.").Resolve(c => c.Source.Run.Trigger);
        Field<NonNullGraphType<IntGraphType>>("ruleVersion").Description("The rule version evaluated.").Resolve(c => c.Source.Run.RuleVersion);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("startedAt").Description("When the conditions were evaluated.").Resolve(c => c.Source.Run.StartedAt);
        Field<NonNullGraphType<FloatGraphType>>("durationMs").Description("Wall time in milliseconds.").Resolve(c => c.Source.Run.DurationMs);
        Field<NonNullGraphType<LongGraphType>>("added").Description("Assignments added (would add, for a preview).").Resolve(c => c.Source.Run.Added);
        Field<NonNullGraphType<LongGraphType>>("removed").Description("Assignments removed (would remove, for a preview).").Resolve(c => c.Source.Run.Removed);
        Field<NonNullGraphType<LongGraphType>>("matched").Description("Customers meeting the conditions.").Resolve(c => c.Source.Run.Matched);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sampleAdded").Description("Up to 10 customer ids gaining a tag.")
            .Resolve(c => RulePreviewResponse.Ids(c.Source.SampleAdded));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sampleRemoved").Description("Up to 10 customer ids losing a tag.")
            .Resolve(c => RulePreviewResponse.Ids(c.Source.SampleRemoved));
        Field<StringGraphType>("error").Description("Why the run failed, if it did.").Resolve(c => c.Source.Run.Error);
    }
}
