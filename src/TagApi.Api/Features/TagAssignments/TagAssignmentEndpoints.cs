using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.TagAssignments;

/// <summary>REST endpoints for customers' tags: one customer's tags and ledger, and batch assignment.</summary>
public static class TagAssignmentEndpoints
{
    private const string HistoryList = "tag-history";

    public static IEndpointRouteBuilder MapTagAssignmentEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapResourceGroup("/v1/customers", "Customer tags", Scopes.CustomersRead);
        var write = app.MapResourceGroup("/v1/customers", "Customer tags", Scopes.CustomersWrite);
        var batch = app.MapResourceGroup("/v1/tag-assignments", "Customer tags", Scopes.CustomersWrite);

        read.MapGet("/{id}/tags", ListAsync).WithName("ListCustomerTags").WithSummary("The customer's current tags, or with asOf the tags it held then").WithProblems(404);
        write.MapPost("/{id}/tags", ChangeAsync).WithName("ChangeCustomerTags")
            .WithSummary("Add and remove tags (set semantics; exclusive categories replace)").WithProblems(400, 404, 409);
        read.MapGet("/{id}/tag-history", HistoryAsync).WithName("ListCustomerTagHistory").WithSummary("The customer's tag ledger, newest first").WithProblems(400, 404);
        batch.MapPost("/", BatchAsync).WithName("ApplyTagAssignments")
            .WithSummary("Assign and unassign up to 1,000 customer–tag pairs, all or nothing").WithProblems(400, 409);
        return app;
    }

    private static async Task<Ok<CustomerTagsResponse>> ListAsync(
        string id, DateTimeOffset? asOf, CustomerTagService service, TagHoldingsAsOf history, CancellationToken ct)
    {
        var tags = asOf is { } at ? await history.CustomerTagsAsync(id, at.UtcDateTime, ct) : await service.ListAsync(id, ct);
        return TypedResults.Ok(new CustomerTagsResponse(tags.Select(CustomerTagResponse.From).ToList()));
    }

    private static async Task<Ok<ChangeCustomerTagsResponse>> ChangeAsync(string id, ChangeCustomerTagsRequest request, CustomerTagService service, CancellationToken ct)
    {
        var (_, applied, current) = await service.ChangeAsync(id, request.Add ?? [], request.Remove ?? [], request.ExpiresAt, ct);
        return TypedResults.Ok(new ChangeCustomerTagsResponse(
            current.Select(CustomerTagResponse.From).ToList(),
            applied.Where(c => c.Action == TagHistoryAction.Added).Select(c => c.TagKey).ToList(),
            applied.Where(c => c.Action != TagHistoryAction.Added).Select(c => c.TagKey).ToList()));
    }

    private static async Task<Ok<ListResponse<TagHistoryResponse>>> HistoryAsync(
        string id, [AsParameters] ListQuery query, Paging paging, CustomerTagService service, CancellationToken ct)
    {
        var page = await service.HistoryAsync(id, paging.Request(HistoryList, query), ct);
        return TypedResults.Ok(paging.Response(HistoryList, page, h => h.Id, TagHistoryResponse.From));
    }

    private static async Task<Ok<TagAssignmentBatchResponse>> BatchAsync(TagAssignmentBatchRequest request, TagAssignmentBatchService service, CancellationToken ct)
    {
        var batch = new TagAssignmentBatch(
            (request.Add ?? []).Select(i => i.ToItem()).ToList(), (request.Remove ?? []).Select(i => i.ToItem()).ToList(), request.Source);
        var result = await service.ApplyAsync(batch, ct);
        return TypedResults.Ok(new TagAssignmentBatchResponse(result.Added, result.Removed, result.Unchanged,
            result.Changes.Select(c => new AppliedChangeResponse(PublicId.Encode(IdPrefixes.Customer, c.CustomerId), c.TagKey, c.Action, c.Reason)).ToList()));
    }
}
