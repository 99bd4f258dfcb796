using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Core.Data;

namespace TagApi.Api.Features.Health;

/// <summary>Liveness and readiness probes.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok"))).WithName("GetHealth").WithTags("Health").WithSummary("The process is up");
        app.MapGet("/readyz", ReadyAsync).WithName("GetReadiness").WithTags("Health").WithSummary("The database answers");
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> ReadyAsync(TagApiDbContext db, CancellationToken ct) =>
        await db.Database.CanConnectAsync(ct)
            ? TypedResults.Ok(new HealthResponse("ready"))
            : TypedResults.Json(new HealthResponse("database unavailable"), statusCode: StatusCodes.Status503ServiceUnavailable);
}

/// <summary>Probe result.</summary>
/// <param name="Status">ok, ready, or what is wrong.</param>
public sealed record HealthResponse(string Status);
