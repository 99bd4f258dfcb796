using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Api.Conditional;
using TagApi.Core.Rules;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Rules;

/// <summary>REST endpoints of <c>/v1/rules</c>: tagging rules, their versions, preview, runs and run history.</summary>
public static class RuleEndpoints
{
    private const string List = "rules";
    private const string Runs = "rule-runs";

    public static IEndpointRouteBuilder MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapResourceGroup("/v1/rules", "Rules", Scopes.RulesRead);
        var write = app.MapResourceGroup("/v1/rules", "Rules", Scopes.RulesWrite);

        read.MapGet("/", ListAsync).WithName("ListRules").WithSummary("List tagging rules").WithProblems(400);
        read.MapGet("/{idOrKey}", GetAsync).WithName("GetRule").WithSummary("Get a rule by id or key").WithProblems(404);
        read.MapGet("/{idOrKey}/versions", VersionsAsync).WithName("ListRuleVersions").WithSummary("Every version of the rule's definition, newest first").WithProblems(404);
        read.MapGet("/{idOrKey}/runs", RunsAsync).WithName("ListRuleRuns").WithSummary("Run history, newest first, with counts and duration").WithProblems(400, 404);
        read.MapPost("/{idOrKey}/preview", PreviewAsync).WithName("PreviewRule")
            .WithSummary("Dry run: the exact add/remove diff a run would write now, with samples; changes nothing").WithProblems(404);
        write.MapPost("/", CreateAsync).WithName("CreateRule").WithSummary("Create a rule (its tags become rule-owned; a first run follows within seconds)").WithProblems(400, 404, 409);
        write.MapPatch("/{idOrKey}", UpdateAsync).WithName("UpdateRule").WithSummary("Change a rule; a changed definition is a new version").WithProblems(400, 404, 409);
        write.MapDelete("/{idOrKey}", DeleteAsync).WithName("DeleteRule").WithSummary("Delete a rule; its tags stay and become editable by hand").WithProblems(404);
        write.MapPost("/{idOrKey}/run", RunAsync).WithName("RunRule").WithSummary("Run the rule now over every customer, writing only real changes").WithProblems(404, 409);
        return app;
    }

    private static async Task<Ok<ListResponse<RuleResponse>>> ListAsync([AsParameters] ListQuery query, Paging paging, RuleService service, CancellationToken ct)
    {
        var page = await service.ListAsync(paging.Request(List, query), ct);
        var tags = await service.TagsOfAsync(page.Items, ct);
        return TypedResults.Ok(paging.Response(List, page, r => r.Id, r => RuleResponse.From(r, tags)));
    }

    private static async Task<Ok<RuleResponse>> GetAsync(string idOrKey, HttpContext http, RuleService service, CancellationToken ct) =>
        TypedResults.Ok(await RespondAsync(http.Tagged(await service.GetAsync(idOrKey, ct)), service, ct));

    private static async Task<Created<RuleResponse>> CreateAsync(CreateRuleRequest request, HttpContext http, RuleService service, CancellationToken ct)
    {
        var response = await RespondAsync(http.Tagged(await service.CreateAsync(request.ToInput(), ct)), service, ct);
        return TypedResults.Created($"/v1/rules/{response.Id}", response);
    }

    private static async Task<Ok<RuleResponse>> UpdateAsync(string idOrKey, RuleInput changes, HttpContext http, RuleService service, CancellationToken ct) =>
        TypedResults.Ok(await RespondAsync(http.Tagged(await service.UpdateAsync(idOrKey, changes, ct)), service, ct));

    private static async Task<NoContent> DeleteAsync(string idOrKey, RuleService service, CancellationToken ct)
    {
        await service.DeleteAsync(idOrKey, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RuleVersionsResponse>> VersionsAsync(string idOrKey, RuleService service, CancellationToken ct) =>
        TypedResults.Ok(new RuleVersionsResponse((await service.VersionsAsync(idOrKey, ct)).Select(RuleVersionResponse.From).ToList()));

    private static async Task<Ok<ListResponse<RuleRunResponse>>> RunsAsync(
        string idOrKey, [AsParameters] ListQuery query, Paging paging, RuleService service, CancellationToken ct)
    {
        var page = await service.RunsAsync(idOrKey, paging.Request(Runs, query), ct);
        return TypedResults.Ok(paging.Response(Runs, page, r => r.Id, RuleRunResponse.From));
    }

    private static async Task<Ok<RulePreviewResponse>> PreviewAsync(string idOrKey, RuleService service, RuleRunner runner, CancellationToken ct) =>
        TypedResults.Ok(RulePreviewResponse.From(await runner.PreviewAsync(await service.GetAsync(idOrKey, ct), ct)));

    private static async Task<Ok<RuleRunNowResponse>> RunAsync(string idOrKey, RuleService service, RuleRunner runner, CancellationToken ct)
    {
        var rule = await service.GetAsync(idOrKey, ct);
        var result = await runner.RunNowAsync(rule, ct);
        return TypedResults.Ok(new RuleRunNowResponse(
            RuleRunResponse.From(result.Run), RulePreviewResponse.Ids(result.SampleAdded), RulePreviewResponse.Ids(result.SampleRemoved)));
    }

    private static async Task<RuleResponse> RespondAsync(TaggingRule rule, RuleService service, CancellationToken ct) =>
        RuleResponse.From(rule, await service.TagsOfAsync([rule], ct));
}
