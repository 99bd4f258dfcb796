using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TagApi.Core.Common;

namespace TagApi.Bench.Peers;

/// <summary>
/// W4b's peer: a minimal ASP.NET Core app answering TagApi's single-write paths — customer upsert by external id, tag
/// add/remove, activity record — with the same durable work per request done by hand-written SQL over raw Npgsql or
/// raw Microsoft.Data.Sqlite (the row change, its history or change-log row, its event row, in one transaction): no
/// auth, no tenant resolution, no validation beyond parsing, no EF, no in-memory index. Run as
/// <c>TagApi.Bench serve-raw-writes --provider Postgres|Sqlite --db … --tenant … --port …</c> in its own process.
/// </summary>
public static class RawWritesEndpoint
{
    public const string Command = "serve-raw-writes";

    public static int Serve(string[] args)
    {
        var host = new PeerHost(args);
        var tenantId = host.TenantId;
        var builder = host.CreateBuilder();
        using IRawWriteStore store = host.Option("--provider") == "Sqlite" ? new SqliteRawWrites(host.Option("--db"), tenantId) : new PostgresRawWrites(host.Option("--db"), tenantId);
        var app = builder.Build();
        // Logging is off for speed; a failure still reaches the peer's log file.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e)
            {
                await Console.Error.WriteLineAsync(e.ToString());
                throw;
            }
        });
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/settings", () => store.Settings());
        app.MapPut("/v1/customers/by-external-id/{externalId}", async (HttpContext http, string externalId) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var name = body.RootElement.GetProperty("name").GetString()!;
            var id = await store.UpsertNameAsync(externalId, name, http.RequestAborted);
            return id is null ? Results.NotFound() : Results.Ok(new { id = PublicId.Encode(IdPrefixes.Customer, id.Value), externalId });
        });
        app.MapPost("/v1/customers/{id}/tags", async (HttpContext http, string id) =>
        {
            if (!PublicId.TryDecode(IdPrefixes.Customer, id, out var customerId))
            {
                return Results.NotFound();
            }

            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var add = body.RootElement.TryGetProperty("add", out var a) ? a.EnumerateArray().Select(t => t.GetString()!).ToList() : [];
            var remove = body.RootElement.TryGetProperty("remove", out var r) ? r.EnumerateArray().Select(t => t.GetString()!).ToList() : [];
            var changed = 0;
            foreach (var key in add)
            {
                changed += await store.ChangeTagAsync(customerId, key, adding: true, http.RequestAborted);
            }

            foreach (var key in remove)
            {
                changed += await store.ChangeTagAsync(customerId, key, adding: false, http.RequestAborted);
            }

            return Results.Ok(new { changed });
        });
        app.MapPost("/v1/activities", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var root = body.RootElement;
            if (!PublicId.TryDecode(IdPrefixes.Customer, root.GetProperty("customer").GetString()!, out var customerId))
            {
                return Results.NotFound();
            }

            var recorded = await store.RecordActivityAsync(customerId, root.GetProperty("externalId").GetString()!, root.GetProperty("type").GetString()!,
                root.GetProperty("channel").GetString()!, http.RequestAborted);
            return Results.Json(new { duplicate = !recorded }, statusCode: StatusCodes.Status201Created);
        });
        app.Run();
        return 0;
    }
}

/// <summary>The durable work of one write, each in one transaction; a store per database.</summary>
public interface IRawWriteStore : IDisposable
{
    /// <summary>The database settings that decide durability, for the report.</summary>
    string Settings();

    /// <summary>Sets the customer's name, moves its version, logs the change and writes its event; null when there is no such customer.</summary>
    Task<long?> UpsertNameAsync(string externalId, string name, CancellationToken ct);

    /// <summary>Adds or removes a tag: the assignment, the customer's version, a history row and an event; 0 when it was a no-op.</summary>
    Task<int> ChangeTagAsync(long customerId, string tagKey, bool adding, CancellationToken ct);

    /// <summary>Stores an activity (ignored when its external id is known), moves the customer's last activity and version, logs the change.</summary>
    Task<bool> RecordActivityAsync(long customerId, string externalId, string type, string channel, CancellationToken ct);
}
