using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;

namespace TagApi.Api.Auth;

/// <summary>The access token must carry this OAuth2 scope.</summary>
public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

internal sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.HasScope(requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
