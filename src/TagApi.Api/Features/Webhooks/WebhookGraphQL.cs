using GraphQL;
using GraphQL.Types;
using TagApi.Api.Conditional;
using TagApi.Api.Features.Events;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;
using static TagApi.Api.GraphQL.Payloads;

namespace TagApi.Api.Features.Webhooks;

/// <summary>Root GraphQL fields of webhook endpoints; each calls the Core method its REST endpoint calls, with the same scope.</summary>
public static class WebhookGraphQL
{
    private const string List = "webhook-endpoints";

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<WebhookEndpointGraphType>("webhookEndpoint").Description("A webhook endpoint by id; null when there is none in your tenant.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "Endpoint id (whe_…).")
            .RequireScope(Scopes.WebhooksManage)
            .ResolveAsync(c => Resolve.OrNullAsync(() => c.Service<WebhookEndpointService>().GetAsync(c.GetArgument<string>("id"), c.CancellationToken)));
        query.ConnectionField<WebhookEndpointGraphType, object?>("webhookEndpoints", "The tenant's webhook endpoints, in creation order.")
            .RequireScope(Scopes.WebhooksManage)
            .ResolveAsync(async c => Connections.From(c, List, await c.Service<WebhookEndpointService>().ListAsync(Connections.PageOf(c, List), c.CancellationToken), e => e.Id));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        var withSecret = Type("WebhookEndpointSecretPayload", "The endpoint and its new signing secret: store the secret now, it is not shown again.",
            ("endpoint", typeof(WebhookEndpointGraphType), "The endpoint; null when the change failed."),
            ("secret", typeof(StringGraphType), "The Standard Webhooks signing secret (whsec_…)."));
        var payload = Type("WebhookEndpointPayload", "The endpoint after the change.", ("endpoint", typeof(WebhookEndpointGraphType), "The endpoint; null when the change failed."));
        var id = Arg<NonNullGraphType<IdGraphType>>("id", "Endpoint id (whe_…).");

        mutation.AddMutation("createWebhookEndpoint", "Subscribe an endpoint to events; its secret is shown once.", Scopes.WebhooksManage, withSecret,
            Args(Arg<NonNullGraphType<WebhookEndpointInputGraphType>>("input", "The endpoint (url required).")),
            async c =>
            {
                var created = await c.Service<WebhookEndpointService>().CreateAsync(WebhookEndpointInputGraphType.Read(c), c.CancellationToken);
                return new Payload { ["endpoint"] = created.Endpoint, ["secret"] = created.Secret };
            });
        mutation.AddMutation("updateWebhookEndpoint", "Change, enable or disable an endpoint.", Scopes.WebhooksManage, payload,
            Args(id, Arg<NonNullGraphType<WebhookEndpointInputGraphType>>("input", "The changes."), ExpectedVersion.Argument("endpoint")),
            async c => new Payload { ["endpoint"] = await c.Service<WebhookEndpointService>().UpdateAsync(c.GetArgument<string>("id"), WebhookEndpointInputGraphType.Read(c), c.CancellationToken) });
        mutation.AddMutation("deleteWebhookEndpoint", "Delete an endpoint and its pending deliveries.", Scopes.WebhooksManage,
            Type("DeleteWebhookEndpointPayload", "Which endpoint was deleted.", ("deletedId", typeof(IdGraphType), "Id of the deleted endpoint.")),
            Args(id),
            async c =>
            {
                var service = c.Service<WebhookEndpointService>();
                var endpoint = await service.GetAsync(c.GetArgument<string>("id"), c.CancellationToken);
                await service.DeleteAsync(c.GetArgument<string>("id"), c.CancellationToken);
                return new Payload { ["deletedId"] = PublicId.Encode(IdPrefixes.WebhookEndpoint, endpoint.Id) };
            });
        mutation.AddMutation("rotateWebhookSecret", "A new signing secret; the old one keeps signing for 24 hours.", Scopes.WebhooksManage, withSecret,
            Args(id),
            async c =>
            {
                var rotated = await c.Service<WebhookEndpointService>().RotateSecretAsync(c.GetArgument<string>("id"), c.CancellationToken);
                return new Payload { ["endpoint"] = rotated.Endpoint, ["secret"] = rotated.Secret };
            });
        mutation.AddMutation("testWebhookEndpoint", "Send a signed test event now and report the answer; nothing is stored.", Scopes.WebhooksManage,
            Type("TestWebhookEndpointPayload", "How the receiver answered the test event.",
                ("delivered", typeof(BooleanGraphType), "True for a 2xx answer."),
                ("statusCode", typeof(IntGraphType), "The receiver's HTTP status, if it answered."),
                ("durationMs", typeof(IntGraphType), "How long it took, in milliseconds."),
                ("error", typeof(StringGraphType), "What went wrong, if anything.")),
            Args(id),
            async c =>
            {
                var endpoint = await c.Service<WebhookEndpointService>().GetAsync(c.GetArgument<string>("id"), c.CancellationToken);
                var (status, duration, error) = await c.Service<WebhookDispatcher>().PingAsync(endpoint, c.CancellationToken);
                return new Payload { ["delivered"] = status is >= 200 and < 300, ["statusCode"] = status, ["durationMs"] = duration, ["error"] = error };
            });
        mutation.AddMutation("replayWebhookEndpoint", "Deliver past events to an endpoint again: every event since a time, or after an event id.", Scopes.WebhooksManage,
            Type("ReplayWebhookEndpointPayload", "How many deliveries were queued.", ("queued", typeof(IntGraphType), "Deliveries queued.")),
            Args(id, Arg<UtcDateTimeGraphType>("since", "Replay events that occurred at or after this time."), Arg<IdGraphType>("after", "Or replay events after this event id (evt_…).")),
            async c => new Payload
            {
                ["queued"] = await c.Service<WebhookEndpointService>().ReplayAsync(
                    c.GetArgument<string>("id"), c.GetArgument<DateTime?>("since"), EventEndpoints.DecodeAfter(c.GetArgument<string?>("after")), c.CancellationToken),
            });
    }
}
