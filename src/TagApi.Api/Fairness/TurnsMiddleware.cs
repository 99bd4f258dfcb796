using TagApi.Api.Common;
using TagApi.Core.Telemetry;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Fairness;

/// <summary>
/// Runs each request in a turn of its tenant's line (<see cref="TenantTurns"/>); callers without a tenant share a line
/// per address. Health probes, documentation and endpoints marked <see cref="OutsideTurns"/> take no turn.
/// </summary>
public sealed class TurnsMiddleware(RequestDelegate next, TenantTurns turns)
{
    public async Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        if (!turns.Enabled || IsExempt(context))
        {
            await next(context);
            return;
        }

        var line = tenant.TenantId is { } id ? "tenant:" + id : "ip:" + context.Connection.RemoteIpAddress;
        var outcome = await turns.EnterAsync(line, context.RequestAborted);
        if (outcome != TurnOutcome.Granted)
        {
            TagApiTelemetry.TurnRejections.Add(1, new KeyValuePair<string, object?>("reason", outcome == TurnOutcome.QueueFull ? "queue_full" : "waited_too_long"));
            context.Response.Headers.RetryAfter = "1";
            var detail = outcome == TurnOutcome.QueueFull
                ? "Too many of this tenant's requests are waiting for a turn on this node; retry after 1 s, or send fewer at once."
                : "This node had no turn free for the request within its longest wait; retry after 1 s.";
            await ProblemResults.WriteAsync(context, ProblemResults.Create(context, StatusCodes.Status429TooManyRequests, "concurrency_limited", "Too many requests at once", detail));
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            turns.Leave();
        }
    }

    private static bool IsExempt(HttpContext context) =>
        UnmeteredPaths.Contains(context.Request.Path) || context.GetEndpoint()?.Metadata.GetMetadata<OutsideTurns>() is not null;
}
