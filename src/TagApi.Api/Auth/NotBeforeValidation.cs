using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace TagApi.Api.Auth;

/// <summary>
/// Refuses a token whose <c>nbf</c> (not before) is still ahead. OpenIddict checks a token's expiry itself
/// and leaves IdentityModel's lifetime check off, so without this a token dated in the future was accepted.
/// Runs right after OpenIddict's expiry check, on the same clock and skew.
/// </summary>
internal sealed class NotBeforeValidation : IOpenIddictValidationHandler<ValidateTokenContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<NotBeforeValidation>()
            .SetOrder(OpenIddictValidationHandlers.Protection.ValidateExpirationDate.Descriptor.Order + 500)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (!context.DisableLifetimeValidation
            && context.TokenValidationResult?.SecurityToken is JsonWebToken { ValidFrom: var notBefore }
            && notBefore != DateTime.MinValue
            && notBefore - context.TokenValidationParameters.ClockSkew > context.Options.TimeProvider.GetUtcNow().UtcDateTime)
        {
            context.Reject(error: Errors.InvalidToken, description: "The access token is not valid yet (its nbf is in the future).");
        }

        return ValueTask.CompletedTask;
    }
}
