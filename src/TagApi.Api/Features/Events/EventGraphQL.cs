using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Features.Events;

/// <summary>
/// <c>events</c>: the change log through <see cref="EventLog"/>, as <c>GET /v1/events</c> reads it.
/// An edge's cursor is the event's own id, so <c>after</c> takes a cursor or an event id alike
/// (the log is tenant-filtered, so an id only marks a position).
/// </summary>
public static class EventGraphQL
{
    public static void AddQueries(ObjectGraphType query) =>
        query.ConnectionField<EventGraphType, object?>("events", "The change log, oldest first (kept 30 days); after takes an event id (evt_…) or a cursor.")
            .Argument<StringGraphType>("type", "Only events of this type, e.g. customer.tags.added.")
            .RequireScope(Scopes.WebhooksManage)
            .ResolveAsync(async c =>
            {
                var request = Connections.PageOf(c, cursor => EventEndpoints.DecodeAfter(cursor)!.Value);
                var page = await c.Service<EventLog>().ListAsync(null, c.GetArgument<string?>("type"), request, c.CancellationToken);
                return Connections.FromItems(c, page.Items, page.HasMore, e => PublicId.Encode(IdPrefixes.Event, e.Id));
            });
}

/// <summary>An entry of the change log, as REST's <see cref="EventResponse"/> and as webhooks deliver it.</summary>
public sealed class EventGraphType : ObjectGraphType<Event>
{
    public EventGraphType()
    {
        Name = "Event";
        Description = "An entry of the change log, exactly as webhooks deliver it.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque id (evt_…), increasing with every change.").Resolve(c => PublicId.Encode(IdPrefixes.Event, c.Source.Id));
        Field(e => e.Type).Description("Event type, e.g. customer.tags.added.");
        Field(e => e.OccurredAt).Description("When the change committed (UTC).");
        Field<NonNullGraphType<JsonGraphType>>("data").Description("The event's data.").Resolve(c => JsonNode.Parse(c.Source.Data));
    }
}
