using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Idempotency;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Idempotency;

/// <summary>
/// Runs a request that claimed its idempotency key as one transaction: the endpoint's changes, then its outcome written
/// over the claim (<see cref="IdempotencyStore.CompleteAsync"/>), then one commit — so the outcome is stored exactly when
/// the change is, and the commit notifications of every save inside follow that commit. The response is held back
/// until then. A race the work lost inside the transaction (which it would have retried on its own without a key) rolls
/// everything back and runs the whole request again, in a fresh scope. A 5xx, or a failure no handler turns into a
/// 4xx, stores nothing and gives the key up, so a retry runs again.
/// </summary>
internal sealed partial class KeyedRequest(HttpContext http, RequestDelegate next, IdempotencyClaim claim)
{
    private const int MaxRuns = 10;

    public async Task RunAsync()
    {
        var original = http.RequestServices;
        var logger = original.GetRequiredService<ILogger<KeyedRequest>>();
        var scopes = new List<AsyncServiceScope>();
        using var capture = ResponseCapture.Start(http);
        try
        {
            for (var run = 1; ; run++)
            {
                var services = run == 1 ? original : NewScope(original, scopes);
                http.RequestServices = services;
                http.Request.Body.Position = 0;
                if (await TryRunAsync(services, capture, lastRun: run == MaxRuns))
                {
                    return;
                }

                capture.Reset();
                LogRestart(logger, http.Request.Method, http.Request.Path, run);
                // Spread the runs of requests that collided so they do not collide again in lockstep.
                await Task.Delay(Random.Shared.Next(1, 10 * run), http.RequestAborted);
            }
        }
        finally
        {
            http.RequestServices = original;
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    // False when the run lost a race inside its transaction and must be run again.
    private async Task<bool> TryRunAsync(IServiceProvider services, ResponseCapture capture, bool lastRun)
    {
        var ct = http.RequestAborted;
        var db = services.GetRequiredService<TagApiDbContext>();
        var store = services.GetRequiredService<IdempotencyStore>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await next(http);
        }
        catch (Exception e) when (e is not DbUpdateException || !db.RestartRequested)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            await FailedAsync(services, store, capture, e);
            return true;
        }
        catch (DbUpdateException) when (db.RestartRequested)
        {
            // The lost race, surfacing through the endpoint: handled as a restart below.
        }

        if (db.RestartRequested)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            if (!lastRun && !ct.IsCancellationRequested)
            {
                return false;
            }

            await store.ReleaseAsync(claim, CancellationToken.None);
            capture.Reset();
            capture.Restore();
            await ProblemResults.WriteAsync(http, ProblemResults.Create(http, 409, "conflict", "Conflict",
                "The request kept colliding with concurrent changes to the same data; retry it."));
            return true;
        }

        var outcome = await capture.OutcomeAsync();
        if (outcome.Status >= StatusCodes.Status500InternalServerError)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            await store.ReleaseAsync(claim, CancellationToken.None);
            await capture.SendAsync(ct);
            return true;
        }

        if (!await store.CompleteAsync(claim, Sealed(services, outcome), ct))
        {
            // The claim lapsed and another request took the key over: this one's change must not be kept.
            await transaction.RollbackAsync(CancellationToken.None);
            capture.Reset();
            capture.Restore();
            await IdempotencyMiddleware.InFlightAsync(http);
            return true;
        }

        // A failure from here on keeps the claim: the commit may have happened (the notifications after it failing), and
        // a retry must then get the stored outcome, not run again; if it did not, the claim's lease lapses.
        await transaction.CommitAsync(ct);
        await capture.SendAsync(ct);
        return true;
    }

    // A business failure becomes the 4xx problem it always is, stored like any outcome; anything else (a 5xx) is left
    // to the host's exception handler, with the key given up.
    private async Task FailedAsync(IServiceProvider services, IdempotencyStore store, ResponseCapture capture, Exception failure)
    {
        if (failure is TagApiException or BadHttpRequestException && services.GetServices<IExceptionHandler>().FirstOrDefault() is { } handler)
        {
            capture.Reset();
            await handler.TryHandleAsync(http, failure, http.RequestAborted);
            var outcome = await capture.OutcomeAsync();
            if (outcome.Status < StatusCodes.Status500InternalServerError)
            {
                // Nothing changed (the transaction is rolled back), so the outcome is stored on its own.
                await store.CompleteAsync(claim, Sealed(services, outcome), CancellationToken.None);
                await capture.SendAsync(http.RequestAborted);
                return;
            }
        }

        await store.ReleaseAsync(claim, CancellationToken.None);
        capture.Reset();
        capture.Restore();
        ExceptionDispatchInfo.Throw(failure);
    }

    private static StoredOutcome Sealed(IServiceProvider services, StoredOutcome outcome) =>
        outcome with { Body = services.GetRequiredService<OutcomeProtector>().Protect(outcome.Body) };

    private static IServiceProvider NewScope(IServiceProvider original, List<AsyncServiceScope> scopes)
    {
        var scope = original.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        scopes.Add(scope);
        var tenant = original.GetRequiredService<TenantContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.RequiredTenantId, tenant.ClientId, tenant.Scopes);
        return scope.ServiceProvider;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} lost a race inside its transaction (run {Run}); rolled back, running it again")]
    private static partial void LogRestart(ILogger logger, string method, PathString path, int run);
}
