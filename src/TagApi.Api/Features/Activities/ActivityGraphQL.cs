using GraphQL;
using GraphQL.Types;
using TagApi.Api.GraphQL;
using TagApi.Core.Activities;
using TagApi.Core.Tenancy;
using static TagApi.Api.GraphQL.Payloads;

namespace TagApi.Api.Features.Activities;

/// <summary>The <c>recordActivities</c> mutation: the same service and rules as REST <c>POST /v1/activities</c>.</summary>
public static class ActivityGraphQL
{
    public static void AddMutations(ObjectGraphType mutation)
    {
        var payload = Type("RecordActivitiesPayload", "What happened to each activity, in request order.",
            ("activities", typeof(ListGraphType<NonNullGraphType<RecordedActivityGraphType>>), "One entry per submitted activity; null when the batch was refused."));
        mutation.AddMutation("recordActivities", "Record up to 1,000 activities, all or nothing; an activity whose externalId was seen before is ignored.",
            Scopes.ActivitiesWrite, payload,
            Args(Arg<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityInputGraphType>>>>("activities", "The activities.")),
            async c =>
            {
                var inputs = c.GetArgument<List<Dictionary<string, object?>>>("activities").Select(ActivityInputGraphType.Read).ToList();
                return new Payload { ["activities"] = await c.Service<ActivityService>().RecordAsync(inputs, c.CancellationToken) };
            });
    }
}

/// <summary>An activity as given.</summary>
public sealed class ActivityInputGraphType : InputObjectGraphType
{
    public ActivityInputGraphType()
    {
        Name = "ActivityInput";
        Description = "One activity; name the customer by customer (id) or customerExternalId.";
        Field<StringGraphType>("externalId").Description("Your id for the activity; a repeat is ignored.");
        Field<IdGraphType>("customer").Description("Customer id (cus_…).");
        Field<StringGraphType>("customerExternalId").Description("The integrator's customer id.");
        Field<NonNullGraphType<StringGraphType>>("type").Description("purchase, interaction, visit or a custom type.");
        Field<UtcDateTimeGraphType>("occurredAt").Description("When it happened (UTC); now when omitted.");
        Field<DecimalGraphType>("amount").Description("Amount (required for purchases), at most 4 decimal places.");
        Field<StringGraphType>("currency").Description("ISO 4217 code.");
        Field<StringGraphType>("channel").Description("phone, email, social, chat, store, web, app or your own.");
        Field<JsonGraphType>("properties").Description("Free JSON object, up to 16 KB.");
    }

    public static ActivityInput Read(Dictionary<string, object?> values)
    {
        var input = new InputFields(values);
        return new ActivityInput
        {
            ExternalId = input.Get<string>("externalId"),
            Customer = input.Get<string>("customer"),
            CustomerExternalId = input.Get<string>("customerExternalId"),
            Type = input.Get<string>("type"),
            OccurredAt = input.Get<DateTime?>("occurredAt"),
            Amount = input.Get<decimal?>("amount"),
            Currency = input.Get<string>("currency"),
            Channel = input.Get<string>("channel"),
            Properties = input.Get<System.Text.Json.Nodes.JsonNode>("properties") is { } json ? System.Text.Json.JsonSerializer.SerializeToElement(json) : null,
        };
    }
}

/// <summary>GraphQL <c>RecordedActivity</c>.</summary>
public sealed class RecordedActivityGraphType : ObjectGraphType<ActivityOutcome>
{
    public RecordedActivityGraphType()
    {
        Name = "RecordedActivity";
        Description = "A recorded (or already known) activity.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Activity id (act_…).").Resolve(c => ActivityResponse.From(c.Source).Id);
        Field(a => a.ExternalId, nullable: true).Description("Your id for it, if given.");
        Field<NonNullGraphType<IdGraphType>>("customer").Description("Customer id.").Resolve(c => ActivityResponse.From(c.Source).Customer);
        Field(a => a.Duplicate).Description("True when the externalId was recorded before and nothing changed.");
    }
}
