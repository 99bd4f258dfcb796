using Npgsql;
using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Load;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>
/// W8: many small tenants and one big one on a node. The small tenants' mixed reads, writes and counts are measured
/// alone and with the big tenant under the same mix beside them, with counts from the index (every request at once, and
/// with turns between tenants, <c>Fairness:ConcurrentRequests</c>) and with <c>Segments:Engine=Sql</c> (the same binary
/// answering counts with SQL), each on a fresh server.
/// </summary>
public static class W8ManyTenants
{
    public const string Target = "Small tenants' p99 with the big tenant busy within 1.2× of their p99 alone.";

    private static readonly string[] Queries =
    [
        "tag = 'newsletter' AND tag = 'app_user'",
        "(tag = 'interest_electronics' OR tag = 'interest_fashion') AND tag = 'high_value' AND NOT tag = 'churn_risk'",
        "tag IN ('coupon_user', 'weekend_shopper') AND NOT tag = 'price_sensitive'",
        "tag UNDER 'interest_sports' AND tag = 'mobile_shopper'",
    ];

    public static Section Run(BenchOptions options, Dataset data, PostgresDatabase database, TagApiCli cli, BenchReport report)
    {
        var tagKey = WritableTag(database, data.TenantId);
        var tenants = new SmallTenants(database, data, cli).LoadOrReuse(options.W8Tenants, options.W8TenantCustomers, TagsUsed(tagKey), options.ReuseData);
        report.Load.AddRange(tenants.LoadSteps);
        var section = new Section("W8", $"Many tenants: {tenants.Small.Count:N0} × {options.W8TenantCustomers:N0} customers beside one of {data.Customers:N0}", Target)
        {
            ShowRequestRate = true,
        };
        var node = new W8Node(tenants, tagKey, Queries);
        section.Notes.Add($"Closed loop, {node.Connections} connections for the small tenants (each request to a random small tenant with its own token); with the big tenant busy, {node.Connections} more connections send the same mix to the big tenant. {node.Warmup.TotalSeconds:0} s warm-up, {node.Duration.TotalSeconds:0} s measured per phase. Mix: 60 % `GET /v1/customers/{{id}}` (64 customers per tenant), 20 % add or remove tag `{tagKey}`, 20 % a count of one of {Queries.Length} tag expressions (`limit` 0).");
        section.Notes.Add($"Every small tenant holds a copy of the big tenant's first {options.W8TenantCustomers:N0} customers with those of their tags W8 reads or writes (and the tags under them), under its own ids; `Segments:MemoryBudgetMegabytes` = {options.W8BudgetMegabytes:N0}. Before measuring, each small tenant and then the big one is asked one count (in Index mode that loads its index).");
        section.Notes.Add("Queries: " + string.Join("; ", Queries.Select(q => $"`{q}`")) + ".");

        foreach (var mode in Modes(options))
        {
            W8Outcome outcome;
            try
            {
                outcome = node.Run(cli, data.Target, mode, options.W8BudgetMegabytes, Path.Combine(options.OutputDir, $"server-w8-{mode.FileName}.log"));
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException or NpgsqlException or AggregateException)
            {
                section.Notes.Add($"{mode.Label}: failed: {e.Message}");
                Log.Info($"W8 {mode.Label} failed: {e}");
                continue;
            }

            AddOutcome(section, outcome);
        }

        return section;
    }

    // The tags the queries name and the one the writes change.
    private static string[] TagsUsed(string tagKey) =>
        [.. Queries.SelectMany(q => System.Text.RegularExpressions.Regex.Matches(q, "'([a-z_]+)'").Select(m => m.Groups[1].Value)).Append(tagKey).Distinct()];

    // Counts from the index with every request run at once, the same with turns between tenants, and counts from SQL.
    private static IEnumerable<W8Mode> Modes(BenchOptions options) =>
        options.W8Turns > 0 ? [new("Index", 0), new("Index", options.W8Turns), new("Sql", 0)] : [new("Index", 0), new("Sql", 0)];

    private static void AddOutcome(Section section, W8Outcome outcome)
    {
        for (var op = 0; op < W8Node.Operations.Length; op++)
        {
            var alone = outcome.Alone[W8Node.SmallGroup][op];
            var busy = outcome.Busy[W8Node.SmallGroup][op];
            var big = outcome.Busy[W8Node.BigGroup][op];
            var result = new CaseResult($"{outcome.Mode.Label}: {W8Node.Operations[op]}", outcome.Mode.Settings) { Throughput = false };
            result.Add("W8", Figure("small tenants alone", alone));
            result.Add("W8", Figure("small tenants, big tenant busy", busy));
            result.Add("W8", Figure("big tenant (beside them)", big));
            section.Cases.Add(result);
            var ratio = alone.Latency is { } a && busy.Latency is { } b ? b.P99Micros / a.P99Micros : (double?)null;
            var verdict = ratio is { } r ? $"{r:0.00}× ({(r <= 1.2 ? "within" : "over")} the 1.2× target)" : "n/a";
            section.Notes.Add($"{outcome.Mode.Label}, {W8Node.Operations[op]}: small tenants' p50 {P(alone, 50)} → {P(busy, 50)}, p99 {P(alone, 99)} → {P(busy, 99)} with the big tenant busy: p99 ratio {verdict}.");
        }

        var m = outcome.Memory;
        section.Notes.Add($"{outcome.Mode.Label}: {outcome.BigIndex}.");
        section.Notes.Add($"{outcome.Mode.Label}: {m.LoadedIndexes:N0} tenant indexes loaded at the end holding {ProcessMemory.Format(m.IndexBytes)} (budget {ProcessMemory.Format(m.BudgetBytes)}), {m.Evictions:N0} evictions, server RSS {ProcessMemory.Format(m.ResidentBytes)}; warm-up {outcome.WarmSeconds:0.0} s for the small tenants, {outcome.BigWarmSeconds:0.0} s for the big one.");
    }

    private static Figure Figure(string subject, OperationResult r) => r.Latency is null
        ? Report.Figure.Missing(subject, SubjectKind.TagApi, "no request completed" + (r.FirstError is null ? "" : ": " + r.FirstError))
        : new Figure(subject, SubjectKind.TagApi)
        {
            Timing = r.Latency, RequestsPerSecond = r.RequestsPerSecond, Errors = r.Errors,
            Note = r.FirstError is null ? null : "first error: " + r.FirstError,
        };

    private static string P(OperationResult r, double p) => r.Latency is { } t ? Timing.Format(t.Percentile(p)) : "n/a";

    /// <summary>A top-level tag of a category that is not exclusive and not owned by a rule, so adding and removing it is a plain write.</summary>
    private static string WritableTag(PostgresDatabase database, long tenantId)
    {
        using var source = database.CreateDataSource();
        using var command = source.CreateCommand("""
            SELECT g."Key" FROM "Tags" g JOIN "TagCategories" c ON c."Id" = g."CategoryId" AND c."TenantId" = g."TenantId"
            WHERE g."TenantId" = $1 AND NOT c."Exclusive" AND NOT g."RuleOwned" AND g."ParentId" IS NULL AND g."ArchivedAt" IS NULL
            ORDER BY g."Key" DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
        return (string?)command.ExecuteScalar() ?? throw new InvalidOperationException("W8 needs a tag of a category that is not exclusive");
    }
}
