using TagApi.Api.Conditional;
using TagApi.Api.OpenApi;

namespace TagApi.Api.Common;

/// <summary>OpenAPI metadata shared by every TagApi endpoint.</summary>
public static class EndpointConventions
{
    /// <summary>
    /// A versioned resource group guarded by one scope policy, documenting the problems every call may return, and
    /// answering conditional requests (<see cref="ConditionalRequestFilter"/>).
    /// </summary>
    public static RouteGroupBuilder MapResourceGroup(this IEndpointRouteBuilder app, string prefix, string tag, string scope) =>
        app.MapGroup(prefix)
            .WithTags(tag)
            .RequireAuthorization(scope)
            .AddEndpointFilter<ConditionalRequestFilter>()
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>Documents the extra problem statuses an endpoint can answer with.</summary>
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
