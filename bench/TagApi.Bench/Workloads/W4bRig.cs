using System.Net.Http.Headers;
using System.Text;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Load;
using TagApi.Bench.Peers;
using TagApi.Core.Common;

namespace TagApi.Bench.Workloads;

/// <summary>A single-write operation of W4b.</summary>
public enum W4bOperation
{
    Upsert,
    TagAdd,
    TagRemove,
    Activity,
}

/// <summary>
/// One store's side of W4b: a TagApi server on it (signed in with a client that may write), the raw peer on the same
/// database, and the customers both write to. Builds each operation's request for either subject: both serve the
/// same paths, so a request differs only by TagApi's bearer token.
/// </summary>
public sealed class W4bRig : IDisposable
{
    public const string Scopes = "customers:read customers:write tags:read tags:write activities:write";

    private readonly TagApiServer _server;
    private readonly ChildServer _peer;
    private readonly AuthenticationHeaderValue _auth;
    private readonly string[] _ids;
    private readonly long[] _keys;
    private readonly string[] _externalIds;
    private readonly DatabaseTarget _target;
    private readonly long _tenantId;

    private W4bRig(DatabaseTarget target, long tenantId, TagApiServer server, ChildServer peer, AuthenticationHeaderValue auth, List<(long Id, string ExternalId)> customers)
    {
        Provider = target.Provider;
        _target = target;
        _tenantId = tenantId;
        _keys = [.. customers.Select(c => c.Id)];
        _server = server;
        _peer = peer;
        _auth = auth;
        _ids = [.. customers.Select(c => PublicId.Encode(IdPrefixes.Customer, c.Id))];
        _externalIds = [.. customers.Select(c => c.ExternalId)];
    }

    public string Provider { get; }

    public int Customers => _ids.Length;

    /// <summary>The peer's durability settings, as its database reports them.</summary>
    public string PeerSettings { get; private set; } = "";

    public static W4bRig Start(DatabaseTarget target, long tenantId, TagApiCli cli, List<(long Id, string ExternalId)> customers, string resultsDir)
    {
        var (clientId, secret) = cli.CreateClient(target, PostgresLoader.TenantSlug, Scopes);
        var server = TagApiServer.Start(cli, target, Path.Combine(resultsDir, $"server-w4b-{target.Provider.ToLowerInvariant()}.log"));
        ChildServer? peer = null;
        try
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var auth = new BearerToken(http, clientId, secret).Header();
            peer = StartPeer(target, tenantId, resultsDir);
            var rig = new W4bRig(target, tenantId, server, peer, auth, customers);
            using var peerHttp = new HttpClient { BaseAddress = peer.BaseAddress };
            rig.PeerSettings = peerHttp.GetStringAsync(new Uri("/settings", UriKind.Relative)).GetAwaiter().GetResult();
            return rig;
        }
        catch
        {
            peer?.Dispose();
            server.Dispose();
            throw;
        }
    }

    /// <summary>Creates a tag through TagApi (so its catalog knows it); the peer looks it up by key.</summary>
    public void CreateTag(string key)
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tags") { Content = Json($$"""{"key":"{{key}}","name":"{{key}}"}""") };
        request.Headers.Authorization = _auth;
        using var response = http.Send(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"creating tag {key} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }

    /// <summary>
    /// Gives the first <paramref name="count"/> customers of the list the tag, with its history lines, straight in the
    /// database and outside any measured window, so each remove of a run finds something to remove.
    /// </summary>
    public void PreTag(string key, int count)
    {
        var ids = _keys.Take(count).ToArray();
        if (_target.Provider == "Sqlite")
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_target.ConnectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO "TagAssignments" ("TenantId", "CustomerId", "TagId", "AssignedAt", "ExpiresAt", "Source", "SourceRef")
                SELECT $t, $c, "Id", $now, NULL, 'Import', 'w4b' FROM "Tags" WHERE "TenantId" = $t AND "Key" = $k;
                INSERT INTO "TagHistory" ("TenantId", "CustomerId", "TagId", "TagKey", "Action", "Source", "SourceRef", "Reason", "At")
                SELECT $t, $c, "Id", $k, 'Added', 'Import', 'w4b', NULL, $now FROM "Tags" WHERE "TenantId" = $t AND "Key" = $k;
                """;
            command.Parameters.AddWithValue("$t", _tenantId);
            command.Parameters.AddWithValue("$k", key);
            command.Parameters.AddWithValue("$now", DateTime.UtcNow);
            var customer = command.Parameters.Add("$c", Microsoft.Data.Sqlite.SqliteType.Integer);
            foreach (var id in ids)
            {
                customer.Value = id;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            return;
        }

        using var source = Npgsql.NpgsqlDataSource.Create(_target.ConnectionString);
        using var batch = source.CreateBatch();
        foreach (var sql in new[]
        {
            """INSERT INTO "TagAssignments" ("TenantId", "CustomerId", "TagId", "AssignedAt", "ExpiresAt", "Source", "SourceRef") SELECT $1, c, t."Id", now(), NULL, 'Import', 'w4b' FROM unnest($2) AS c, "Tags" AS t WHERE t."TenantId" = $1 AND t."Key" = $3""",
            """INSERT INTO "TagHistory" ("TenantId", "CustomerId", "TagId", "TagKey", "Action", "Source", "SourceRef", "Reason", "At") SELECT $1, c, t."Id", $3, 'Added', 'Import', 'w4b', NULL, now() FROM unnest($2) AS c, "Tags" AS t WHERE t."TenantId" = $1 AND t."Key" = $3""",
        })
        {
            var command = new Npgsql.NpgsqlBatchCommand(sql);
            command.Parameters.Add(new Npgsql.NpgsqlParameter<long> { TypedValue = _tenantId });
            command.Parameters.Add(new Npgsql.NpgsqlParameter<long[]> { TypedValue = ids });
            command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = key });
            batch.BatchCommands.Add(command);
        }

        batch.ExecuteNonQuery();
    }

    /// <summary>
    /// The subject's target for one run: request <c>n</c> of the run writes customer <c>(start + n) mod customers</c>;
    /// a remove run walks the customers <see cref="PreTag"/> tagged, in the same order.
    /// </summary>
    public LoadTarget Target(bool tagApi, W4bOperation operation, string run, int start, string? tag)
    {
        var name = (tagApi ? "TagApi" : "peer") + " " + operation;
        var address = tagApi ? _server.BaseAddress : _peer.BaseAddress;
        HttpRequestMessage Request(int n)
        {
            var customer = (int)((start + (long)n) % _ids.Length);
            var request = operation switch
            {
                W4bOperation.Upsert => new HttpRequestMessage(HttpMethod.Put, "/v1/customers/by-external-id/" + Uri.EscapeDataString(_externalIds[customer]))
                {
                    Content = Json($$"""{"name":"W4b {{run}} {{n}}"}"""),
                },
                W4bOperation.TagAdd or W4bOperation.TagRemove => new HttpRequestMessage(HttpMethod.Post, $"/v1/customers/{_ids[customer]}/tags")
                {
                    Content = Json($$"""{"{{(operation == W4bOperation.TagAdd ? "add" : "remove")}}":["{{tag}}"]}"""),
                },
                _ => new HttpRequestMessage(HttpMethod.Post, "/v1/activities")
                {
                    Content = Json($$"""{"customer":"{{_ids[customer]}}","externalId":"w4b-{{run}}-{{n}}","type":"interaction","channel":"web"}"""),
                },
            };
            if (tagApi)
            {
                request.Headers.Authorization = _auth;
            }

            return request;
        }

        return new LoadTarget(name, address, Request, (_, _) => true) { AcceptsCreated = operation == W4bOperation.Activity };
    }

    public void Dispose()
    {
        _peer.Dispose();
        _server.Dispose();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static ChildServer StartPeer(DatabaseTarget target, long tenantId, string resultsDir) =>
        ChildServer.Start($"raw {target.Provider} writes endpoint", port =>
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet");
            var db = target.Provider == "Sqlite" ? target.ConnectionString : TagApi.Data.DatabaseServices.WithPoolDefaults(target.ConnectionString);
            foreach (var arg in new[]
            {
                typeof(W4bRig).Assembly.Location, RawWritesEndpoint.Command, "--provider", target.Provider, "--db", db,
                "--tenant", tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            {
                start.ArgumentList.Add(arg);
            }

            // What TagApi's server gets: server GC.
            start.Environment["DOTNET_gcServer"] = "1";
            return start;
        }, () => new HttpRequestMessage(HttpMethod.Get, "/healthz"), Path.Combine(resultsDir, $"w4b-peer-{target.Provider.ToLowerInvariant()}.log"), TimeSpan.FromSeconds(60));
}
