using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Redis;
using TagApi.Core.Data;

namespace TagApi.Api.Features.Health;

/// <summary>Liveness and readiness probes.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok"))).WithName("GetHealth").WithTags("Health").WithSummary("The process is up");
        app.MapGet("/readyz", ReadyAsync).WithName("GetReadiness").WithTags("Health")
            .WithSummary("The database answers (503 when not); degraded while a configured Redis does not");
        return app;
    }

    // Without its database a node cannot serve; without Redis it still can, limiting rates on its own.
    private static async Task<Results<Ok<ReadinessResponse>, JsonHttpResult<ReadinessResponse>>> ReadyAsync(
        TagApiDbContext db, RedisConnection redis, CancellationToken ct)
    {
        var database = await db.Database.CanConnectAsync(ct) ? "ok" : "unavailable";
        var shared = redis.Health;
        if (database != "ok")
        {
            return TypedResults.Json(new ReadinessResponse("database unavailable", database, shared), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Ok(new ReadinessResponse(shared.StartsWith("degraded", StringComparison.Ordinal) ? "degraded" : "ready", database, shared));
    }
}

/// <summary>Probe result.</summary>
/// <param name="Status">ok, ready, or what is wrong.</param>
public sealed record HealthResponse(string Status);

/// <summary>Readiness of the node and of what it depends on.</summary>
/// <param name="Status"><c>ready</c>; <c>degraded</c> (serving, but rate limits are this node's own because Redis does not answer); or <c>database unavailable</c>.</param>
/// <param name="Database"><c>ok</c> or <c>unavailable</c>.</param>
/// <param name="Redis"><c>ok</c>, <c>not configured</c>, or <c>degraded: </c> and the reason.</param>
public sealed record ReadinessResponse(string Status, string Database, string Redis);
