using System.Diagnostics;
using Npgsql;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>
/// N3: three TagApi server processes on one PostgreSQL, as three machines behind a round-robin. A write is
/// acknowledged by one node (in turn); the time until the other two count it is measured from the acknowledgement —
/// for a tag change (the index follower) and for a customer change that a tagging rule turns into a tag (the rule
/// worker on the writing node, then the followers; measured on all three). Once with commit announcements
/// (LISTEN/NOTIFY, the default) and once with the poll alone (<c>Segments:AnnounceCommits=false</c>).
/// </summary>
public static class N3Visibility
{
    public const string Target = "a write acknowledged on one node is visible in counts and rule results on the others within 1 s at p99.";
    private const string Workload = "N3";
    private const int Samples = 60;
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(15);

    public static Section Run(Dataset data, PostgresDatabase database, TagApiCli cli, string outputDir)
    {
        var section = new Section(Workload, $"Cross-node visibility (three nodes, {data.Customers:N0} customers, PostgreSQL)", Target);
        section.Notes.Add("Each sample: one node (in turn) acknowledges the write; the clock starts at the acknowledgement and each other node is asked `POST /v1/segments/query` (limit 0) in a tight loop until its count is the new one. A figure is the time until a node first answers it; both other nodes give a sample each.");
        section.Notes.Add("The rule case: `PATCH /v1/customers/{id}` sets the city a rule `city = '…'` tags; the rule's incremental evaluation runs on the writing node, so all three nodes are measured.");
        var (clientId, clientSecret) = cli.CreateClient(data.Target, PostgresLoader.TenantSlug,
            "customers:read customers:write tags:read tags:write segments:read rules:read rules:write");
        var customers = SomeCustomers(database, data.TenantId, Samples);
        var tagCase = new CaseResult("tag change", "a tag added or removed on one node, counted on the other two") { Throughput = false };
        var ruleCase = new CaseResult("rule result", "a city change on one node that a tagging rule turns into a tag, counted on all three") { Throughput = false };
        foreach (var (announce, label) in new[] { (true, "announced (LISTEN/NOTIFY)"), (false, "poll only") })
        {
            var (tags, rules) = Measure(data, cli, clientId, clientSecret, customers, announce, Path.Combine(outputDir, $"server-n3-{(announce ? "announced" : "poll")}"));
            tagCase.Add(Workload, Figure(label, announce, tags, expected: Samples * 2 * 2));
            ruleCase.Add(Workload, Figure(label, announce, rules, expected: Samples * 2 * 3));
        }

        tagCase.AddStandardRatios();
        ruleCase.AddStandardRatios();
        section.Cases.Add(tagCase);
        section.Cases.Add(ruleCase);
        return section;
    }

    // Errors: the node answers that never showed the write within the give-up time.
    private static Figure Figure(string label, bool announce, List<double> samples, int expected) =>
        samples.Count == 0
            ? Report.Figure.Missing(label, announce ? SubjectKind.TagApi : SubjectKind.Peer, "no sample became visible")
            : new Figure(label, announce ? SubjectKind.TagApi : SubjectKind.Peer) { Timing = new Timing(samples), Result = samples.Count, Errors = expected - samples.Count };

    private static (List<double> Tags, List<double> Rules) Measure(
        Dataset data, TagApiCli cli, string clientId, string clientSecret, List<long> customers, bool announce, string logPrefix)
    {
        var settings = new Dictionary<string, string> { ["Segments:AnnounceCommits"] = announce ? "true" : "false" };
        var servers = new List<TagApiServer>();
        var writers = new List<NodeWriter>();
        var readers = new List<HttpSegmentEngine>();
        try
        {
            for (var node = 0; node < 3; node++)
            {
                servers.Add(TagApiServer.Start(cli, data.Target, $"{logPrefix}-{node + 1}.log", settings));
                writers.Add(new NodeWriter(servers[node].BaseAddress, clientId, clientSecret));
                readers.Add(new HttpSegmentEngine($"node {node + 1}", servers[node].BaseAddress, clientId, clientSecret));
            }

            // Keys of this run alone, so every count starts at zero whatever earlier runs left behind.
            var stamp = $"{DateTime.UtcNow:HHmmssfff}_{(announce ? "a" : "p")}";
            var (tag, ruleTag, town) = ($"n3_tag_{stamp}", $"n3_rule_{stamp}", $"N3 town {stamp}");
            writers[0].EnsureTag(tag);
            writers[0].EnsureTag(ruleTag);
            writers[0].EnsureRule($"n3_rule_{stamp}", ruleTag, $"city = '{town}'");
            var clock = Stopwatch.StartNew();
            readers.ForEach(r => r.Count($"tag = '{tag}'"));
            Log.Info($"N3 ({(announce ? "announced" : "poll only")}): three nodes' indexes ready in {clock.Elapsed.TotalSeconds:N1} s");

            var tagSamples = new List<double>();
            var ruleSamples = new List<double>();
            for (var i = 0; i < Samples * 2; i++)
            {
                var writer = i % 3;
                var customer = customers[i / 2];
                var add = i % 2 == 0;
                writers[writer].ChangeTag(customer, tag, add);
                tagSamples.AddRange(WaitFor(readers.Where((_, n) => n != writer), $"tag = '{tag}'", add ? 1 : 0));

                writers[writer].SetCity(customer, add ? town : "N3 elsewhere");
                ruleSamples.AddRange(WaitFor(readers, $"tag = '{ruleTag}'", add ? 1 : 0));
            }

            return (tagSamples, ruleSamples);
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
            writers.ForEach(w => w.Dispose());
            servers.ForEach(s => s.Dispose());
        }
    }

    // Microseconds from now until each node first counts the expected number.
    private static List<double> WaitFor(IEnumerable<HttpSegmentEngine> nodes, string query, long expected)
    {
        var clock = Stopwatch.StartNew();
        var waiting = nodes.ToList();
        var seen = new List<double>();
        while (waiting.Count > 0 && clock.Elapsed < GiveUp)
        {
            foreach (var node in waiting.ToList())
            {
                if (node.Count(query) == expected)
                {
                    seen.Add(clock.Elapsed.TotalMicroseconds);
                    waiting.Remove(node);
                }
            }
        }

        if (waiting.Count > 0)
        {
            Log.Info($"N3: {waiting.Count} node(s) did not count {expected} for `{query}` within {GiveUp.TotalSeconds} s");
        }

        return seen;
    }

    private static List<long> SomeCustomers(PostgresDatabase database, long tenantId, int count)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT \"Id\" FROM \"Customers\" WHERE \"TenantId\" = {tenantId} ORDER BY \"Id\" LIMIT {count}", connection);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
