using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TagApi.Api.Auth;

/// <summary>
/// Answers a token request for a scope the client may not use with <c>invalid_scope</c>, as RFC 6749 §5.2
/// says ("the requested scope … exceeds the scope granted by the resource owner"). OpenIddict's own check,
/// which runs right after this one, answers <c>invalid_request</c>. Runs after the client has authenticated,
/// so nothing about a client's scopes is told to a caller without its secret.
/// </summary>
internal sealed class ScopePermissionValidation(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<ScopePermissionValidation>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var scopes = context.Request.GetScopes();
        if (scopes.IsEmpty || string.IsNullOrEmpty(context.ClientId)
            || await applications.FindByClientIdAsync(context.ClientId, context.CancellationToken) is not { } application)
        {
            return;
        }

        foreach (var scope in scopes)
        {
            if (!await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, context.CancellationToken))
            {
                context.Reject(error: Errors.InvalidScope, description: $"This client may not use the scope '{scope}'.");
                return;
            }
        }
    }
}
