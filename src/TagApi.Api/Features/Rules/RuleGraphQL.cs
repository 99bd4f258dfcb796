using GraphQL;
using GraphQL.Types;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Rules;
using TagApi.Core.Tenancy;
using static TagApi.Api.GraphQL.Payloads;

namespace TagApi.Api.Features.Rules;

/// <summary>Root GraphQL fields of tagging rules; each calls the Core method its REST endpoint calls.</summary>
public static class RuleGraphQL
{
    private const string List = "rules";

    // REST nests the interval in a schedule object; RuleInput carries it flat.
    private static readonly Dictionary<string, string> FlatSchedule = new(StringComparer.Ordinal)
    {
        ["schedule.intervalMinutes"] = "intervalMinutes",
        ["schedule"] = "intervalMinutes",
    };

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<RuleGraphType>("rule").Description("A rule by id or key; null when there is none.")
            .Argument<IdGraphType>("id", "Rule id (rul_…).").Argument<StringGraphType>("key", "Rule key.")
            .RequireScope(Scopes.RulesRead)
            .ResolveAsync(c => Resolve.OrNullAsync(() => c.Service<RuleService>().GetAsync(Resolve.OneOf(c, "id", "key"), c.CancellationToken)));
        query.ConnectionField<RuleGraphType, object?>("rules", "Tagging rules, in creation order.")
            .RequireScope(Scopes.RulesRead)
            .ResolveAsync(async c => Connections.From(c, List, await c.Service<RuleService>().ListAsync(Connections.PageOf(c, List), c.CancellationToken), r => r.Id));
        query.Field<JsonGraphType>("explainCustomerTag")
            .Description("Why a customer has or lacks a tag: the same document as REST GET /v1/customers/{id}/explain.")
            .Argument<NonNullGraphType<IdGraphType>>("customer", "Customer id (cus_…).").Argument<NonNullGraphType<StringGraphType>>("tag", "Tag id or key.")
            .RequireScope(Scopes.CustomersRead)
            .Evaluates()
            .ResolveAsync(c => Resolve.OrNullAsync(async () => System.Text.Json.JsonSerializer.SerializeToNode(
                ExplainResponse.From(await c.Service<RuleExplainer>().ExplainAsync(c.GetArgument<string>("customer"), c.GetArgument<string>("tag"), c.CancellationToken)),
                System.Text.Json.JsonSerializerOptions.Web)));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        var payload = Type("RulePayload", "The rule after the change.", ("rule", typeof(RuleGraphType), "The rule; null when the change failed."));
        var runPayload = Type("RuleRunPayload", "A run or preview of a rule.", ("run", typeof(RuleRunGraphType), "The run; null when it failed."));
        mutation.AddMutation("createRule", "Create a rule (its tags become rule-owned; a first run follows within seconds).", Scopes.RulesWrite, payload,
            Args(Arg<NonNullGraphType<RuleInputGraphType>>("input", "The new rule: key, name, and tag with condition or bands.")),
            async c => new Payload { ["rule"] = await c.Service<RuleService>().CreateAsync(RuleInputGraphType.Read(c), c.CancellationToken) }, FlatSchedule);
        mutation.AddMutation("updateRule", "Change a rule; a changed definition is a new version.", Scopes.RulesWrite, payload,
            Args(Arg<NonNullGraphType<StringGraphType>>("id", "Rule id or key."), Arg<NonNullGraphType<RuleInputGraphType>>("input", "The changes.")),
            async c => new Payload { ["rule"] = await c.Service<RuleService>().UpdateAsync(c.GetArgument<string>("id"), RuleInputGraphType.Read(c), c.CancellationToken) },
            FlatSchedule);
        mutation.AddMutation("deleteRule", "Delete a rule; its tags stay and become editable by hand.", Scopes.RulesWrite,
            Type("DeleteRulePayload", "Which rule was deleted.", ("deletedId", typeof(IdGraphType), "Id of the deleted rule.")),
            Args(Arg<NonNullGraphType<StringGraphType>>("id", "Rule id or key.")),
            async c =>
            {
                var service = c.Service<RuleService>();
                var rule = await service.GetAsync(c.GetArgument<string>("id"), c.CancellationToken);
                await service.DeleteAsync(c.GetArgument<string>("id"), c.CancellationToken);
                return new Payload { ["deletedId"] = PublicId.Encode(IdPrefixes.Rule, rule.Id) };
            });
        mutation.AddMutation("previewRule", "Dry run: the exact diff a run would write now, with samples; changes nothing.", Scopes.RulesRead, runPayload,
            Args(Arg<NonNullGraphType<StringGraphType>>("id", "Rule id or key.")),
            async c =>
            {
                var rule = await c.Service<RuleService>().GetAsync(c.GetArgument<string>("id"), c.CancellationToken);
                return new Payload { ["run"] = await c.Service<RuleRunner>().PreviewAsync(rule, c.CancellationToken) };
            }).Evaluates();
        mutation.AddMutation("runRule", "Run the rule now over every customer, writing only real changes.", Scopes.RulesWrite, runPayload,
            Args(Arg<NonNullGraphType<StringGraphType>>("id", "Rule id or key.")),
            async c =>
            {
                var rule = await c.Service<RuleService>().GetAsync(c.GetArgument<string>("id"), c.CancellationToken);
                return new Payload { ["run"] = await c.Service<RuleRunner>().RunNowAsync(rule, c.CancellationToken) };
            }).Evaluates();
    }
}

/// <summary>Writable fields of a rule.</summary>
public sealed class RuleInputGraphType : InputObjectGraphType
{
    public RuleInputGraphType()
    {
        Name = "RuleInput";
        Description = "Writable fields of a rule; updateRule keeps fields left out. Give tag with condition, or bands.";
        Field<StringGraphType>("key").Description("Unique slug (cannot change later).");
        Field<StringGraphType>("name").Description("Display name.");
        Field<StringGraphType>("description").Description("Free text.");
        Field<StringGraphType>("tag").Description("Tag id or key of a single-tag rule.");
        Field<StringGraphType>("condition").Description("Query-language condition of a single-tag rule.");
        Field<ListGraphType<NonNullGraphType<RuleBandInputGraphType>>>("bands").Description("Ordered bands of a band rule (one exclusive category).");
        Field<BooleanGraphType>("enabled").Description("Default true.");
        Field<IntGraphType>("priority").Description("Default 0; the higher wins within an exclusive category.");
        Field<BooleanGraphType>("removeWhenUnmatched").Description("Default true.");
        Field<IntGraphType>("intervalMinutes").Description("Full re-evaluation interval, 1–1440 minutes (default 15).");
    }

    public static RuleInput Read(IResolveFieldContext context)
    {
        var input = new InputFields(context.GetArgument<Dictionary<string, object?>>("input"));
        // A list argument arrives as whatever list type the library coerced it to: read it as a sequence.
        var bands = input.Optional<IEnumerable<object?>?>("bands");
        var interval = input.Optional<int?>("intervalMinutes");
        return new RuleInput
        {
            Key = input.Optional<string>("key"),
            Name = input.Optional<string>("name"),
            Description = input.Optional<string?>("description"),
            Tag = input.Optional<string?>("tag"),
            Condition = input.Optional<string?>("condition"),
            Bands = bands.IsSet
                ? new(bands.Value?.OfType<IDictionary<string, object?>>().Select(b => new RuleBandInput(b.TryGetValue("tag", out var tag) ? tag as string : null, b.TryGetValue("when", out var when) ? when as string : null)).ToList())
                : default,
            Enabled = input.Optional<bool>("enabled"),
            Priority = input.Optional<int>("priority"),
            RemoveWhenUnmatched = input.Optional<bool>("removeWhenUnmatched"),
            Schedule = interval.IsSet ? new(new RuleScheduleInput(interval.Value)) : default,
        };
    }
}

/// <summary>One band as given.</summary>
public sealed class RuleBandInputGraphType : InputObjectGraphType
{
    public RuleBandInputGraphType()
    {
        Name = "RuleBandInput";
        Description = "A band: the tag a customer gets when the condition holds and no earlier band did.";
        Field<NonNullGraphType<StringGraphType>>("tag").Description("Tag id or key.");
        Field<NonNullGraphType<StringGraphType>>("when").Description("Query-language condition; 'true' for a catch-all.");
    }
}
