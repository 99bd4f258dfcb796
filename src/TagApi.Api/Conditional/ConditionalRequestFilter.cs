using TagApi.Core.Conditional;

namespace TagApi.Api.Conditional;

/// <summary>
/// Conditional requests on every resource group: a write's <c>If-Match</c> becomes the unit of work's expected version
/// (<see cref="Preconditions"/>, checked by the service atomically with the write: 412 when stale); a read whose handler
/// set an <c>ETag</c> that <c>If-None-Match</c> names is answered 304 without a body (the rate limiter gives its token
/// back for it).
/// </summary>
public sealed class ConditionalRequestFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        if ((HttpMethods.IsPatch(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)) && http.Request.Headers.IfMatch.Count > 0)
        {
            http.RequestServices.GetRequiredService<Preconditions>().RequireEntityTags(EntityTags.Parse(http.Request.Headers.IfMatch));
        }

        var result = await next(context);
        if ((HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
            && http.Request.Headers.IfNoneMatch.Count > 0
            && http.Response.Headers.ETag is { Count: > 0 } current
            && EntityTags.NoneMatchFails(http.Request.Headers.IfNoneMatch, current.ToString()))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return result;
    }
}
