namespace TagApi.Api.Common;

/// <summary>
/// Paths no limit applies to — health probes and the documentation: a load balancer's probe or a reader of the docs
/// must get through however busy a client or the node is.
/// </summary>
public static class UnmeteredPaths
{
    public static bool Contains(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz")
        || path.StartsWithSegments("/docs") || path.StartsWithSegments("/openapi");
}
