using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization.Policy;
using TagApi.Api.Common;

namespace TagApi.Api.Auth;

/// <summary>Answers 401 and 403 with problem bodies that say what is missing.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            await context.ChallengeAsync();
            if (!context.Response.HasStarted)
            {
                await ProblemResults.WriteAsync(context, ProblemResults.Create(context, 401, "unauthorized", "Unauthorized",
                    "A valid bearer access token is required; get one from POST /connect/token."));
            }

            return;
        }

        if (authorizeResult.Forbidden)
        {
            var missing = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().Select(r => r.Scope).ToList() ?? [];
            var detail = missing.Count > 0
                ? $"This call needs the scope {string.Join(", ", missing.Select(s => $"'{s}'"))}, which the access token does not carry."
                : "The access token does not allow this call.";
            await ProblemResults.WriteAsync(context, ProblemResults.Create(context, 403, "forbidden", "Forbidden", detail));
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
