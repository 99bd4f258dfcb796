using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.Rules;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Rules;

/// <summary><c>GET /v1/customers/{id}/explain?tag=</c>: why a customer has or lacks a tag.</summary>
public static class ExplainEndpoints
{
    public static IEndpointRouteBuilder MapExplainEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapResourceGroup("/v1/customers", "Rules", Scopes.CustomersRead);
        read.MapGet("/{id}/explain", ExplainAsync).WithName("ExplainCustomerTag")
            .WithSummary("Why the customer has or lacks a tag: the rule, and each leaf of its condition with the customer's value").WithProblems(400, 404);
        return app;
    }

    private static async Task<Ok<ExplainResponse>> ExplainAsync(string id, string? tag, RuleExplainer explainer, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            throw new ValidationFailedException("tag", "Name the tag to explain: ?tag=<id or key>.");
        }

        return TypedResults.Ok(ExplainResponse.From(await explainer.ExplainAsync(id, tag, ct)));
    }
}
