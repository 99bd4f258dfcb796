using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Load;
using TagApi.Bench.Peers;
using TagApi.Bench.Report;
using TagApi.Core.Common;

namespace TagApi.Bench.Workloads;

/// <summary>
/// W6: "a customer with its tags" read under closed-loop load at 32 and 256 connections, through
/// TagApi's REST and GraphQL, a raw Npgsql endpoint (the floor) and PostGraphile 5, all on the
/// same database, one subject at a time.
/// </summary>
public static class W6Reads
{
    public const string Target = "REST ≥ the raw Npgsql endpoint; GraphQL ≥ 2.5× PostGraphile at equal or better p99.";
    public const string RestName = "TagApi REST `GET /v1/customers/{id}`";
    public const string GraphQLName = "TagApi GraphQL `customer(id) { … tags { tag { key } } }`";
    public const string FloorName = "raw Npgsql endpoint (one SQL statement)";
    public const string PostGraphileName = "PostGraphile 5 (Node 22)";

    private const int SampleSize = 10_000;
    private static readonly int[] Connections = [32, 256];
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    // The fields REST returns for a token with customers:pii, so every subject reads and writes the same data.
    private const string TagApiQuery = """
        query Customer($id: ID!) { customer(id: $id) {
          id externalId type name email phone gender birthDate country region city industry source sourceDetail locale attributes
          metrics { totalSpent orderCount firstOrderAt lastOrderAt lastActivityAt } version createdAt updatedAt
          tags { tag { key } } } }
        """;

    public static Section Run(Stage stage, string repositoryRoot, string resultsDir)
    {
        var section = new Section("W6", "Reads under load: one customer with its tags", Target) { ShowRequestRate = true };
        section.Notes.Add($"Closed loop: N workers each send the next request when the previous answer is read, over N kept-alive loopback connections; {Warmup.TotalSeconds:0} s warm-up, then {Duration.TotalSeconds:0} s measured. The load generator shares the two cores with the subject and PostgreSQL, the same for every subject.");
        section.Notes.Add($"Keys: {SampleSize:N0} customers drawn once (deterministically) from the tenant; each worker picks among them from its own seeded sequence. An answer counts only if it is a 200 carrying the requested customer's externalId; anything else is an error.");
        section.Notes.Add("REST returns a customer with its tag keys in one call, so it is one request; GraphQL and PostGraphile select the same fields (PII included, as the bench token has customers:pii); the floor writes the same JSON as REST.");
        section.Notes.Add("Ratios are of requests per second: `÷ floor` is the subject over the raw Npgsql endpoint (≥ 1 means faster than the floor); `GraphQL ÷ PostGraphile` is TagApi GraphQL over PostGraphile.");

        var sample = SampleCustomers(stage.Source, stage.Data.TenantId);
        var ids = sample.Select(c => PublicId.Encode(IdPrefixes.Customer, c.Id)).ToArray();
        var markers = sample.Select(c => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(c.ExternalId))).ToArray();
        bool IsRight(int key, ReadOnlyMemory<byte> body) => body.Span.IndexOf(markers[key]) >= 0;

        var subjects = new List<(string Name, SubjectKind Kind, Func<LoadTarget>? Target, string? Missing, Func<byte[], string[]>? Tags)>();
        using var floor = TryStart(() => StartFloor(stage), out var floorMissing);
        subjects.Add((FloorName, SubjectKind.Floor, floor is null ? null : () => new LoadTarget(FloorName, floor.BaseAddress, k => new HttpRequestMessage(HttpMethod.Get, "/customers/" + ids[k]), IsRight), floorMissing, RestTags));

        var server = stage.ServerAddress;
        var token = server is null ? null : Token(server, stage.Data.ClientId, stage.Data.ClientSecret);
        var tagApiMissing = server is null ? "the TagApi server did not start" : null;
        subjects.Add((RestName, SubjectKind.TagApi, token is null ? null : () => new LoadTarget(RestName, server!, k => Authorized(new HttpRequestMessage(HttpMethod.Get, "/v1/customers/" + ids[k]), token), IsRight), tagApiMissing, RestTags));
        var graphQLBodies = ids.Select(id => Body(TagApiQuery, "Customer", id)).ToArray();
        subjects.Add((GraphQLName, SubjectKind.TagApi, token is null ? null : () => new LoadTarget(GraphQLName, server!, k => Authorized(GraphQLPost(graphQLBodies[k]), token), IsRight), tagApiMissing, GraphQLTags));

        using var postGraphile = TryStart(() => PostGraphilePeer.Start(repositoryRoot, stage.Source, stage.Data.Target.ConnectionString, stage.Data.TenantId, Path.Combine(resultsDir, "postgraphile.log")), out var postGraphileMissing);
        var postGraphileBodies = sample.Select(c => Body(PostGraphilePeer.Query, "Customer", c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        subjects.Add((PostGraphileName, SubjectKind.Peer, postGraphile is null ? null : () => new LoadTarget(PostGraphileName, postGraphile.BaseAddress, k => GraphQLPost(postGraphileBodies[k]), IsRight), postGraphileMissing, PostGraphileTags));

        var agreement = Agreement(subjects, ids.Length);
        // The index of the whole tenant is in the server's memory while it serves the load, as on a node that also
        // answers segment queries: its GC pauses are measured with it.
        if (stage.Http.Engine is HttpSegmentEngine engine)
        {
            engine.Count("true");
            // A full collection settles the just-built index into the oldest generation, as on a node that has held it
            // a while: the pauses below are the load's, not the one-off promotion of a new index.
            using (var diagnostics = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) })
            {
                diagnostics.GetAsync(new Uri("/diagnostics/memory", UriKind.Relative)).GetAwaiter().GetResult().Dispose();
            }

            section.Notes.Add($"The TagApi server holds the tenant's segment index during the load ({engine.IndexStats().Customers:N0} customers); its GC pauses are read from `/diagnostics/gc-pauses` (the runtime's GC events) over each TagApi run, warm-up included.");
        }

        foreach (var connections in Connections)
        {
            var result = new CaseResult($"{connections} connections", $"{connections} concurrent clients, each reading random customers with their tags")
            {
                TagApiQuery = TagApiQuery.ReplaceLineEndings(" "),
            };
            result.PeerQueries[PostGraphileName] = PostGraphilePeer.Query.ReplaceLineEndings(" ");
            foreach (var (name, kind, target, missing, _) in subjects)
            {
                var mark = kind == SubjectKind.TagApi && server is not null ? ServerGcPauses.Mark(server) : null;
                var figure = Measure(name, kind, target, missing, ids.Length, connections) with { AgreesWithFloor = agreement.GetValueOrDefault(name) };
                if (mark is { } m && ServerGcPauses.Since(server!, m) is { } pauses)
                {
                    figure = figure with { Note = string.Join("; ", new[] { figure.Note, "server " + pauses.Describe() }.Where(n => n is not null)) };
                    section.Notes.Add($"{connections} connections — {name}: server {pauses.Describe()} (target p99 ≤ 10 ms).");
                }

                result.Add("W6", figure);
            }

            var floorFigure = result.Figures.First(f => f.Kind == SubjectKind.Floor);
            var graphQL = result.Figures.First(f => f.Subject == GraphQLName);
            var peer = result.Figures.First(f => f.Subject == PostGraphileName);
            result.AddRateRatio("÷ floor", f => f.Kind != SubjectKind.Floor ? floorFigure : null);
            result.AddRateRatio("GraphQL ÷ PostGraphile", f => ReferenceEquals(f, graphQL) ? peer : null);
            section.Notes.Add(Verdict(connections, result));
            section.Cases.Add(result);
        }

        return section;
    }

    private static Figure Measure(string name, SubjectKind kind, Func<LoadTarget>? target, string? missing, int keys, int connections)
    {
        if (target is null)
        {
            return Figure.Missing(name, kind, missing ?? "not available");
        }

        try
        {
            var load = ClosedLoopLoad.Run(target(), keys, connections, Warmup, Duration);
            return new Figure(name, kind)
            {
                Timing = load.Latency, RequestsPerSecond = load.RequestsPerSecond, Errors = load.Errors,
                Note = load.FirstError is null ? null : "first error: " + load.FirstError,
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Figure.Missing(name, kind, Figure.Reason(e));
        }
    }

    private static string Verdict(int connections, CaseResult result)
    {
        var rest = result.Figures.First(f => f.Subject == RestName);
        var graphQL = result.Figures.First(f => f.Subject == GraphQLName);
        var floor = result.Figures.First(f => f.Kind == SubjectKind.Floor);
        var peer = result.Figures.First(f => f.Subject == PostGraphileName);
        string Rate(Figure a, Figure b) => a.RequestsPerSecond is { } x && b.RequestsPerSecond is { } y && y > 0 ? $"{x / y:0.00}×" : "n/a";
        string P99(Figure f) => f.Timing is { } t ? Timing.Format(t.P99Micros) : "n/a";
        return $"{connections} connections — REST ÷ floor: {Rate(rest, floor)} (target ≥ 1); GraphQL ÷ PostGraphile: {Rate(graphQL, peer)} (target ≥ 2.5) with p99 {P99(graphQL)} vs {P99(peer)}.";
    }

    /// <summary>Each subject's tag keys for the first keys, compared with the floor's: false marks a subject that answers differently.</summary>
    private static Dictionary<string, bool?> Agreement(List<(string Name, SubjectKind Kind, Func<LoadTarget>? Target, string? Missing, Func<byte[], string[]>? Tags)> subjects, int keys)
    {
        var answers = new Dictionary<string, List<string>>();
        foreach (var (name, _, make, _, tags) in subjects)
        {
            if (make is null || tags is null)
            {
                continue;
            }

            try
            {
                var target = make();
                using var http = new HttpClient { BaseAddress = target.BaseAddress };
                answers[name] = Enumerable.Range(0, Math.Min(20, keys)).Select(k =>
                {
                    using var request = target.Request(k);
                    using var response = http.Send(request);
                    using var stream = response.Content.ReadAsStream();
                    using var memory = new MemoryStream();
                    stream.CopyTo(memory);
                    return string.Join(',', tags(memory.ToArray()).Order(StringComparer.Ordinal));
                }).ToList();
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                Log.Info($"W6 · {name}: could not read tags for the agreement check: {e.Message}");
            }
        }

        var floor = answers.GetValueOrDefault(FloorName);
        return subjects.ToDictionary(s => s.Name, s => floor is null || !answers.TryGetValue(s.Name, out var mine) ? (bool?)null : mine.SequenceEqual(floor));
    }

    private static string[] RestTags(byte[] body) => Strings(JsonDocument.Parse(body).RootElement.GetProperty("tags"), null);

    private static string[] GraphQLTags(byte[] body) =>
        Strings(JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("customer").GetProperty("tags"), e => e.GetProperty("tag").GetProperty("key"));

    private static string[] PostGraphileTags(byte[] body) =>
        Strings(JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("customerByRowId").GetProperty("customerTagsByCustomerId").GetProperty("nodes"), e => e.GetProperty("key"));

    private static string[] Strings(JsonElement array, Func<JsonElement, JsonElement>? pick) =>
        array.EnumerateArray().Select(e => (pick is null ? e : pick(e)).GetString()!).ToArray();

    private static List<(long Id, string ExternalId)> SampleCustomers(NpgsqlDataSource source, long tenantId)
    {
        using var command = source.CreateCommand("""SELECT "Id", "ExternalId" FROM "Customers" WHERE "TenantId" = $1 ORDER BY hashint8("Id") LIMIT $2""");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = SampleSize });
        using var reader = command.ExecuteReader();
        var rows = new List<(long Id, string ExternalId)>(SampleSize);
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }

    private static ChildServer StartFloor(Stage stage) =>
        ChildServer.Start("raw Npgsql endpoint", port =>
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet");
            foreach (var arg in new[]
            {
                typeof(W6Reads).Assembly.Location, RawReadsEndpoint.Command, "--pg", TagApi.Data.DatabaseServices.WithPoolDefaults(stage.Data.Target.ConnectionString),
                "--tenant", stage.Data.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            {
                start.ArgumentList.Add(arg);
            }

            // The floor gets what TagApi gets: prepared statements (TagApi turns Npgsql's auto-prepare
            // on by default) and server GC (ASP.NET Core's default).
            start.Environment["DOTNET_gcServer"] = "1";
            start.Environment["DOTNET_gcConcurrent"] = "1";
            return start;
        }, () => new HttpRequestMessage(HttpMethod.Get, "/healthz"), Path.Combine(Path.GetTempPath(), "w6-floor.log"), TimeSpan.FromSeconds(60));

    private static ChildServer? TryStart(Func<ChildServer> start, out string? missing)
    {
        try
        {
            missing = null;
            return start();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            missing = Figure.Reason(e);
            Log.Info($"W6: {missing}");
            return null;
        }
    }

    private static string Token(Uri server, string clientId, string clientSecret)
    {
        using var http = new HttpClient { BaseAddress = server };
        using var response = http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret,
        })).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(response.Content.ReadAsStream());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    private static byte[] Body(string query, string operation, string id) =>
        JsonSerializer.SerializeToUtf8Bytes(new { query, operationName = operation, variables = new { id } });

    private static HttpRequestMessage GraphQLPost(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("application/graphql-response+json, application/json;q=0.9");
        return request;
    }

    private static HttpRequestMessage Authorized(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
