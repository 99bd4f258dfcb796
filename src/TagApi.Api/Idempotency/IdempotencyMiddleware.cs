using TagApi.Api.Common;
using TagApi.Core.Idempotency;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on every write (REST <c>POST</c>/<c>PUT</c>/<c>PATCH</c>/<c>DELETE</c>, GraphQL mutations, which
/// are POSTs): the first request with a key claims it and runs as one transaction (<see cref="KeyedRequest"/>) that also
/// stores its outcome; a retry of the same request gets that outcome replayed with <c>Idempotent-Replayed: true</c> and
/// changes nothing; the key with another request is a 422, a retry while the first still runs a 409. Keys belong to
/// the API client that sent them. Requests without a key pass through untouched.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task InvokeAsync(HttpContext http, TenantContext tenant, IdempotencyStore store, OutcomeProtector protector)
    {
        if (!IsWrite(http.Request.Method) || !http.Request.Headers.TryGetValue(IdempotencyKey.Header, out var header) || tenant.ClientId is null)
        {
            await next(http);
            return;
        }

        if (!IdempotencyKey.TryParse(header, out var key))
        {
            await ProblemResults.WriteAsync(http, ProblemResults.Create(http, 400, "idempotency_key_invalid", "Invalid idempotency key",
                $"Send one {IdempotencyKey.Header} header of 1–{IdempotencyRecord.KeyMaxLength} printable ASCII characters, bare or as a quoted string."));
            return;
        }

        var ct = http.RequestAborted;
        var fingerprint = await RequestFingerprint.ComputeAsync(http.Request, ct);
        var claim = await store.ClaimAsync(tenant.ClientId, key, fingerprint, ct);
        switch (claim.Outcome)
        {
            case ClaimOutcome.Replay when protector.Unprotect(claim.Stored!.Body) is { } body:
                await ReplayAsync(http, claim.Stored with { Body = body }, ct);
                break;
            case ClaimOutcome.Replay:
                await ProblemResults.WriteAsync(http, ProblemResults.Create(http, 409, "conflict", "Conflict",
                    $"The stored outcome of this {IdempotencyKey.Header} cannot be read (the server's keys changed since); send the request with a new key."));
                break;
            case ClaimOutcome.Reused:
                await ProblemResults.WriteAsync(http, ProblemResults.Create(http, 422, "idempotency_key_reused", "Idempotency key reused",
                    $"The {IdempotencyKey.Header} was used for a different request (method, path or body); use a new key for a new request."));
                break;
            case ClaimOutcome.InFlight:
                await InFlightAsync(http);
                break;
            default:
                await new KeyedRequest(http, next, claim).RunAsync();
                break;
        }
    }

    /// <summary>409 <c>idempotency_in_flight</c>: the key's first request has not finished.</summary>
    public static Task InFlightAsync(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return ProblemResults.WriteAsync(http, ProblemResults.Create(http, 409, "idempotency_in_flight", "Request in flight",
            $"A request with this {IdempotencyKey.Header} is still running; retry once it has finished."));
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static async Task ReplayAsync(HttpContext http, StoredOutcome stored, CancellationToken ct)
    {
        http.Response.StatusCode = stored.Status;
        foreach (var (name, value) in stored.Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.Headers[ReplayedHeader] = "true";
        if (stored.Body.Length > 0)
        {
            http.Response.ContentLength = stored.Body.Length;
            await http.Response.Body.WriteAsync(stored.Body, ct);
        }
    }
}
