using GraphQL;
using GraphQL.Types;
using TagApi.Api.Conditional;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Features.Webhooks;

/// <summary>GraphQL <c>WebhookEndpoint</c>: the fields of REST's <see cref="WebhookEndpointResponse"/>, with its delivery log.</summary>
public sealed class WebhookEndpointGraphType : ObjectGraphType<WebhookEndpoint>
{
    public const string AttemptList = "webhook-attempts";

    public WebhookEndpointGraphType()
    {
        Name = "WebhookEndpoint";
        Description = "Where the tenant's events are delivered, signed with the Standard Webhooks scheme. The secret is shown only by createWebhookEndpoint and rotateWebhookSecret.";
        Interface<NodeGraphType>();
        IsTypeOf = o => o is WebhookEndpoint;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque id (whe_…).").Resolve(c => PublicId.Encode(IdPrefixes.WebhookEndpoint, c.Source.Id));
        Field(e => e.Url).Description("Where events are posted.");
        Field(e => e.Description, nullable: true).Description("Free text.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("eventTypes").Description("Subscribed event types; empty for all.")
            .Resolve(c => c.Source.EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Field(e => e.Enabled).Description("Whether deliveries are made.");
        Field(e => e.DisabledReason, nullable: true).Description("Why it was disabled automatically, if it was.");
        Field<NonNullGraphType<IntGraphType>>("backlog").Description("Deliveries still pending.")
            .Resolve(c => c.Loaders().Get<long, int>("webhook-backlog", (s, ids, ct) => s.GetRequiredService<WebhookBacklog>().CountAsync(ids, ct)).Load(c.Source.Id));
        Field("version", e => e.Revision).Description("Grows with every change to the endpoint; the version its REST ETag carries, and what expectedVersion is compared with.");
        Field(e => e.CreatedAt).Description("Creation time (UTC).");
        Field(e => e.UpdatedAt).Description("Last change (UTC).");
        this.ConnectionField<WebhookAttemptGraphType, WebhookEndpoint>("deliveries", "Every delivery attempt, newest first.")
            .ResolveAsync(async c =>
            {
                var page = await c.Service<WebhookEndpointService>().AttemptsAsync(
                    PublicId.Encode(IdPrefixes.WebhookEndpoint, c.Source.Id), Connections.PageOf(c, AttemptList), c.CancellationToken);
                return Connections.From(c, AttemptList, page, a => a.Id);
            });
    }
}

/// <summary>One delivery attempt, as REST's <see cref="WebhookAttemptResponse"/>.</summary>
public sealed class WebhookAttemptGraphType : ObjectGraphType<WebhookAttempt>
{
    public WebhookAttemptGraphType()
    {
        Name = "WebhookAttempt";
        Description = "One attempt to deliver an event to an endpoint.";
        Field<NonNullGraphType<IdGraphType>>("eventId").Description("The event (evt_…).").Resolve(c => PublicId.Encode(IdPrefixes.Event, c.Source.EventId));
        Field(a => a.At).Description("When the attempt was made (UTC).");
        Field(a => a.StatusCode, nullable: true).Description("The receiver's HTTP status, if it answered.");
        Field(a => a.DurationMs).Description("How long the attempt took, in milliseconds.");
        Field(a => a.Error, nullable: true).Description("What went wrong, if anything.");
    }
}

/// <summary>Writable fields of a webhook endpoint.</summary>
public sealed class WebhookEndpointInputGraphType : InputObjectGraphType
{
    public WebhookEndpointInputGraphType()
    {
        Name = "WebhookEndpointInput";
        Description = "Writable fields of a webhook endpoint; updateWebhookEndpoint keeps fields left out.";
        Field<StringGraphType>("url").Description("Where events are posted (required on create).");
        Field<StringGraphType>("description").Description("Free text.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("eventTypes").Description("Event types to receive; empty or null for all.");
        Field<BooleanGraphType>("enabled").Description("Whether deliveries are made; enabling clears an automatic disable.");
    }

    public static WebhookEndpointInput Read(IResolveFieldContext context)
    {
        var input = new InputFields(context.GetArgument<Dictionary<string, object?>>("input"));
        var types = input.Optional<object?>("eventTypes");
        return new WebhookEndpointInput
        {
            Url = input.Optional<string>("url"),
            Description = input.Optional<string?>("description"),
            EventTypes = types.IsSet ? new Optional<IReadOnlyList<string>?>((types.Value as IEnumerable<object?>)?.Select(t => (string)t!).ToList()) : default,
            Enabled = input.Optional<bool>("enabled"),
        };
    }
}
