using System.Diagnostics;
using Npgsql;
using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Report;
using TagApi.Bench.Workloads;

namespace TagApi.Bench;

/// <summary>One benchmark run: generate and load, set up every subject, run the chosen workloads, write the report.</summary>
public sealed class BenchRun(BenchOptions options)
{
    private const int W9Customers = 100_000;

    public string Execute()
    {
        var clock = Stopwatch.StartNew();
        var report = new BenchReport { StartedAt = DateTime.UtcNow, Command = options.CommandLine };
        Directory.CreateDirectory(options.OutputDir);
        var workDir = Directory.CreateTempSubdirectory("tagapi-bench-").FullName;
        try
        {
            BenchKeys.UseServerKey(workDir);
            if (!File.Exists(options.ApiDll))
            {
                throw new FileNotFoundException($"TagApi server build not found at {options.ApiDll}; run: dotnet build src/TagApi.Api -c Release");
            }

            report.Machine = MachineInfo.Collect(PostgresDatabase.ServerVersion(options.Postgres), SqliteLoader.Version());
            report.PostgresSettings = PostgresDatabase.Settings(options.Postgres);
            var cli = new TagApiCli(options.ApiDll, workDir);
            var generator = new CustomerGenerator(options.Seed, options.Anchor);
            var loader = new PostgresLoader(generator, cli, options.Seed);

            var main = new PostgresDatabase(options.Postgres, PostgresDatabase.NameFor(options.Customers));
            var dataset = loader.LoadOrReuse(main, options.Customers, options.ReuseData);
            report.Load.AddRange(dataset.LoadSteps);
            report.Data = Summarize(main, dataset, options.Seed);
            WriteFiles(report);

            if (options.Runs("W1") || options.Runs("W2") || options.Runs("W3") || options.Runs("W6") || options.Runs("W9"))
            {
                RunSegmentWorkloads(report, cli, generator, loader, main, dataset, workDir);
            }

            if (options.Runs("W5"))
            {
                report.Sections.Add(W5Rules.Run(dataset, main, options.Seed, report));
                WriteFiles(report);
            }

            if (options.Runs("W8"))
            {
                report.Sections.Add(W8ManyTenants.Run(options, dataset, main, cli, report));
                WriteFiles(report);
            }

            if (options.Runs("W10"))
            {
                report.Sections.Add(W10Analytics.Run(dataset, main, cli, options.Seed, report, options.OutputDir));
                WriteFiles(report);
            }

            if (options.Runs("W4"))
            {
                report.Sections.Add(W4Ingestion.Run(options, dataset, cli, generator, loader, workDir));
                WriteFiles(report);
            }

            if (options.Runs("W11"))
            {
                report.Sections.Add(W11Memory.Run(dataset, main, cli, options.OutputDir));
                WriteFiles(report);
            }

            // Writes to the main dataset and turns durability on for itself: after the read workloads.
            if (options.Runs("W4b"))
            {
                report.Sections.Add(W4bWrites.Run(dataset, main, cli, generator, W4bSelection.Of(options.W4bOnly), workDir, options.OutputDir));
                WriteFiles(report);
            }

            if (options.Runs("W1V"))
            {
                report.Sections.Add(W1VValue.Run(dataset, main, cli, options.Seed, report, options.OutputDir));
                WriteFiles(report);
            }

            if (options.Runs("N3"))
            {
                report.Sections.Add(N3Visibility.Run(dataset, main, cli, options.OutputDir));
                WriteFiles(report);
            }

            // Last, on its own: it starts its own servers and leaves a million deliveries behind.
            if (options.Runs("W7"))
            {
                report.Sections.Add(W7Webhooks.Run(dataset, main, cli, options.OutputDir));
                WriteFiles(report);
            }
        }
        finally
        {
            report.DurationSeconds = clock.Elapsed.TotalSeconds;
            WriteFiles(report);
            Directory.Delete(workDir, recursive: true);
        }

        return Path.Combine(options.OutputDir, "report.md");
    }

    private void RunSegmentWorkloads(BenchReport report, TagApiCli cli, CustomerGenerator generator, PostgresLoader loader, PostgresDatabase main, Dataset dataset, string workDir)
    {
        using var stage = Stage.Open(dataset, main, cli, options.OutputDir, report, $"{dataset.Customers:N0} customers",
            metrics: options.Runs("W1") && !options.Runs("W6"));
        if (options.Runs("W1"))
        {
            report.Sections.Add(W1SegmentCount.Run(stage));
            WriteFiles(report);
        }

        if (options.Runs("W2"))
        {
            report.Sections.Add(W2FirstPage.Run(stage));
            WriteFiles(report);
        }

        if (options.Runs("W3"))
        {
            report.Sections.Add(W3Export.Run(stage, report));
            WriteFiles(report);
        }

        if (options.Runs("W6"))
        {
            report.Sections.Add(W6Reads.Run(stage, options.RepositoryDir, options.OutputDir));
            WriteFiles(report);
        }

        if (options.Runs("W9"))
        {
            RunW9(report, cli, generator, loader, stage, workDir);
        }
    }

    private void RunW9(BenchReport report, TagApiCli cli, CustomerGenerator generator, PostgresLoader loader, Stage mainStage, string workDir)
    {
        var sqliteData = new SqliteLoader(generator, cli).Load(Path.Combine(workDir, "w9.db"), W9Customers);
        report.Load.AddRange(sqliteData.LoadSteps);
        using var sqlite = new SqliteStage(sqliteData, cli, Path.Combine(options.OutputDir, "server-sqlite.log"));
        if (mainStage.Data.Customers == W9Customers)
        {
            report.Sections.Add(W9Sqlite.Run(mainStage, sqlite));
            return;
        }

        // Stop the big dataset's server first: two servers and PostgreSQL share two cores.
        mainStage.Dispose();
        var small = new PostgresDatabase(options.Postgres, PostgresDatabase.NameFor(W9Customers));
        var smallData = loader.LoadOrReuse(small, W9Customers, options.ReuseData);
        report.Load.AddRange(smallData.LoadSteps.Select(s => s with { Name = "W9 PostgreSQL 100k — " + s.Name }));
        using var smallStage = Stage.Open(smallData, small, cli, options.OutputDir, report, $"{W9Customers:N0} customers, W9");
        report.Sections.Add(W9Sqlite.Run(smallStage, sqlite));
    }

    private static DataSummary Summarize(PostgresDatabase database, Dataset dataset, ulong seed)
    {
        var sizes = new List<SizeEntry>();
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        foreach (var (label, sql) in new[]
        {
            ("\"Customers\" (table + indexes)", "SELECT pg_total_relation_size('\"Customers\"')"),
            ("\"TagAssignments\" (table + indexes)", "SELECT pg_total_relation_size('\"TagAssignments\"')"),
            ("bench_customer_tags (intarray peer, table + GIN)", "SELECT pg_total_relation_size('bench_customer_tags')"),
            ("  of which the GIN index", "SELECT pg_relation_size('bench_customer_tags_tags_gin')"),
            ("whole database", "SELECT pg_database_size(current_database())"),
        })
        {
            using var command = new NpgsqlCommand(sql, connection);
            sizes.Add(new SizeEntry(label, (long)command.ExecuteScalar()!));
        }

        return new DataSummary(dataset.Customers, dataset.Assignments, dataset.TagIds.Count, seed, dataset.Anchor, dataset.Reused, sizes);
    }

    private void WriteFiles(BenchReport report)
    {
        File.WriteAllText(Path.Combine(options.OutputDir, "report.md"), MarkdownReport.Render(report));
        File.WriteAllText(Path.Combine(options.OutputDir, "report.json"), JsonReport.Render(report));
    }
}
