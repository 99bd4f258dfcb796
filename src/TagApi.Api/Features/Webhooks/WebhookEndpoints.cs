using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Api.Conditional;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Features.Webhooks;

/// <summary>REST endpoints of <c>/v1/webhook-endpoints</c>.</summary>
public static class WebhookEndpoints
{
    private const string List = "webhook-endpoints";
    private const string AttemptList = "webhook-attempts";

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapResourceGroup("/v1/webhook-endpoints", "Webhooks", Scopes.WebhooksManage);
        group.MapGet("/", ListAsync).WithName("ListWebhookEndpoints").WithSummary("List webhook endpoints").WithProblems(400);
        group.MapGet("/{id}", GetAsync).WithName("GetWebhookEndpoint").WithSummary("Get a webhook endpoint").WithProblems(404);
        group.MapPost("/", CreateAsync).WithName("CreateWebhookEndpoint").WithSummary("Subscribe an endpoint; its secret is shown once").WithProblems(400);
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateWebhookEndpoint").WithSummary("Change, enable or disable an endpoint").WithProblems(400, 404);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhookEndpoint").WithSummary("Delete an endpoint and its pending deliveries").WithProblems(404);
        group.MapPost("/{id}/rotate-secret", RotateAsync).WithName("RotateWebhookSecret")
            .WithSummary("New signing secret; the old one keeps signing for 24 hours").WithProblems(404);
        group.MapPost("/{id}/test", TestAsync).WithName("TestWebhookEndpoint").WithSummary("Send a signed test event now and report the answer").WithProblems(404);
        group.MapGet("/{id}/deliveries", AttemptsAsync).WithName("ListWebhookDeliveries").WithSummary("Every delivery attempt, newest first").WithProblems(400, 404);
        group.MapPost("/{id}/replay", ReplayAsync).WithName("ReplayWebhookEvents").WithSummary("Deliver past events again").WithProblems(400, 404);
        return app;
    }

    private static async Task<Ok<ListResponse<WebhookEndpointResponse>>> ListAsync(
        [AsParameters] ListQuery query, Paging paging, WebhookEndpointService service, TagApiDbContext db, CancellationToken ct)
    {
        var page = await service.ListAsync(paging.Request(List, query), ct);
        var backlog = await BacklogAsync(db, page.Items.Select(e => e.Id).ToList(), ct);
        return TypedResults.Ok(paging.Response(List, page, e => e.Id, e => WebhookEndpointResponse.From(e, backlog.GetValueOrDefault(e.Id))));
    }

    private static async Task<Ok<WebhookEndpointResponse>> GetAsync(string id, HttpContext http, WebhookEndpointService service, TagApiDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await RespondAsync(http.Tagged(await service.GetAsync(id, ct)), db, ct));

    private static async Task<Created<WebhookEndpointWithSecretResponse>> CreateAsync(
        WebhookEndpointInput endpoint, HttpContext http, WebhookEndpointService service, CancellationToken ct)
    {
        var created = await service.CreateAsync(endpoint, ct);
        var response = WebhookEndpointResponse.From(http.Tagged(created.Endpoint), 0);
        return TypedResults.Created($"/v1/webhook-endpoints/{response.Id}", new WebhookEndpointWithSecretResponse(response, created.Secret));
    }

    private static async Task<Ok<WebhookEndpointResponse>> UpdateAsync(
        string id, WebhookEndpointInput changes, HttpContext http, WebhookEndpointService service, TagApiDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await RespondAsync(http.Tagged(await service.UpdateAsync(id, changes, ct)), db, ct));

    private static async Task<NoContent> DeleteAsync(string id, WebhookEndpointService service, CancellationToken ct)
    {
        await service.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookEndpointWithSecretResponse>> RotateAsync(
        string id, HttpContext http, WebhookEndpointService service, TagApiDbContext db, CancellationToken ct)
    {
        var rotated = await service.RotateSecretAsync(id, ct);
        return TypedResults.Ok(new WebhookEndpointWithSecretResponse(await RespondAsync(http.Tagged(rotated.Endpoint), db, ct), rotated.Secret));
    }

    private static async Task<Ok<WebhookTestResponse>> TestAsync(string id, WebhookEndpointService service, WebhookDispatcher dispatcher, CancellationToken ct)
    {
        var (status, duration, error) = await dispatcher.PingAsync(await service.GetAsync(id, ct), ct);
        return TypedResults.Ok(new WebhookTestResponse(status is >= 200 and < 300, status, duration, error));
    }

    private static async Task<Ok<ListResponse<WebhookAttemptResponse>>> AttemptsAsync(
        string id, [AsParameters] ListQuery query, Paging paging, WebhookEndpointService service, CancellationToken ct)
    {
        var page = await service.AttemptsAsync(id, paging.Request(AttemptList, query), ct);
        return TypedResults.Ok(paging.Response(AttemptList, page, a => a.Id, WebhookAttemptResponse.From));
    }

    private static async Task<Ok<ReplayResponse>> ReplayAsync(string id, ReplayRequest request, WebhookEndpointService service, CancellationToken ct)
    {
        long? after = null;
        if (request.After is not null)
        {
            after = PublicId.TryDecode(IdPrefixes.Event, request.After, out var eventId) ? eventId : throw new ValidationFailedException("after", "Not an event id.");
        }

        return TypedResults.Ok(new ReplayResponse(await service.ReplayAsync(id, request.Since, after, ct)));
    }

    private static async Task<WebhookEndpointResponse> RespondAsync(WebhookEndpoint endpoint, TagApiDbContext db, CancellationToken ct) =>
        WebhookEndpointResponse.From(endpoint, (await BacklogAsync(db, [endpoint.Id], ct)).GetValueOrDefault(endpoint.Id));

    private static Task<IReadOnlyDictionary<long, int>> BacklogAsync(TagApiDbContext db, List<long> ids, CancellationToken ct) =>
        new WebhookBacklog(db).CountAsync(ids, ct);
}
