using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Features.Events;

/// <summary>An entry of the change log, exactly as webhooks deliver it.</summary>
/// <param name="Id">Opaque id (<c>evt_…</c>), increasing with every change.</param>
/// <param name="Type">Event type, e.g. <c>customer.tags.added</c>.</param>
/// <param name="OccurredAt">When the change committed (UTC).</param>
/// <param name="Data">The event's data.</param>
public sealed record EventResponse(string Id, string Type, DateTime OccurredAt, JsonElement Data)
{
    public static EventResponse From(Event e)
    {
        using var data = JsonDocument.Parse(e.Data);
        return new EventResponse(PublicId.Encode(IdPrefixes.Event, e.Id), e.Type, e.OccurredAt, data.RootElement.Clone());
    }
}

/// <summary><c>GET /v1/events</c>: the change log, for reconciliation after downtime (kept 30 days).</summary>
public static class EventEndpoints
{
    public const int RetentionDays = 30;
    private const string List = "events";

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapResourceGroup("/v1/events", "Webhooks", Scopes.WebhooksManage)
            .MapGet("/", ListAsync).WithName("ListEvents").WithSummary("The change log, oldest first, after an event id").WithProblems(400);
        return app;
    }

    private static async Task<Ok<ListResponse<EventResponse>>> ListAsync(
        [AsParameters] ListQuery query, string? after, string? type, Paging paging, EventLog log, CancellationToken ct)
    {
        var page = await log.ListAsync(DecodeAfter(after), type, paging.Request(List, query), ct);
        return TypedResults.Ok(paging.Response(List, page, e => e.Id, EventResponse.From));
    }

    /// <summary>The <c>after</c> event id (<c>evt_…</c>) as its key; null when absent.</summary>
    public static long? DecodeAfter(string? after) =>
        after is null ? null
        : PublicId.TryDecode(IdPrefixes.Event, after, out var id) ? id
        : throw new ValidationFailedException("after", "Not an event id.");
}
