using System.Globalization;

namespace TagApi.Bench;

/// <summary>Command-line options; see bench/README.md.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        usage: TagApi.Bench --pg <admin connection string> [--customers N] [--workloads W1,W2,W3,W4,W4b,W5,W6,W7,W8,W9,W10,W1V,W11,N3]
                            [--w4-customers N] [--w4-only imports|segment-tag] [--w8-tenants N] [--w8-tenant-customers N] [--w8-budget-mb N] [--w8-turns N] [--w4b-only <filters>] [--api <TagApi.Api.dll>] [--out <dir>] [--seed N] [--anchor yyyy-MM-dd] [--reuse-data]
          --pg          Npgsql connection string of a PostgreSQL 15 server we may create databases on
                        (or TAGAPI_BENCH_POSTGRES); scripts/bench.sh starts a private one
          --customers   customers to generate (default 1,000,000); W9 always uses 100,000
          --workloads   which workloads to run (default W1,W2,W3,W6,W9; W4 ingestion, W4b single writes, W5 rules, W7 webhook fan-out, W8 many tenants, W10 analytics, W1V customer value, W11 memory and cold start, and N3 cross-node visibility on request)
          --w4-customers  customers W4 imports (default 200,000; ~10 tags and 10 activities each); its segment.tag uses --customers
          --w4-only     run only W4's imports (with the paced single assignments after them) or only its segment.tag
          --w8-tenants  small tenants W8 adds beside the --customers tenant (default 1,000)
          --w8-tenant-customers  customers of each small tenant (default 10,000)
          --w8-budget-mb  Segments:MemoryBudgetMegabytes of W8's server (default 4,096)
          --w8-turns    Fairness:ConcurrentRequests of W8's third mode, index with turns between tenants (default 8; 0 skips it)
          --w4b-only    W4b's stores, writes and loads to run, comma-separated (default all): postgres, sqlite, upsert, tagadd,
                        tagremove, activity, and a load as 1, 8, 32, 128 (connections) or 1k, 5k (paced); each kind not named runs whole
          --api         the Release build of src/TagApi.Api (default: found from the repository root)
          --out         report folder (default bench/results/<UTC timestamp>)
          --seed        generator seed (default 20261124)
          --anchor      the generated data's "now" (default: today, 00:00 UTC)
          --reuse-data  keep a database generated earlier with the same size and seed
        """;

    private static readonly string[] Known = ["W1", "W2", "W3", "W4", "W4b", "W5", "W6", "W7", "W8", "W9", "W10", "W1V", "W11", "N3"];
    private static readonly string[] Default = ["W1", "W2", "W3", "W6", "W9"];

    public required string Postgres { get; init; }

    public int Customers { get; init; } = 1_000_000;

    public int W4Customers { get; init; } = 200_000;

    /// <summary>W4's part to run alone (<c>imports</c> or <c>segment-tag</c>); null runs both.</summary>
    public string? W4Only { get; init; }

    public int W8Tenants { get; init; } = 1_000;

    public int W8TenantCustomers { get; init; } = 10_000;

    /// <summary>Segments:MemoryBudgetMegabytes of W8's server.</summary>
    public int W8BudgetMegabytes { get; init; } = 4_096;

    /// <summary>Fairness:ConcurrentRequests of W8's mode with turns between tenants (0: that mode is skipped).</summary>
    public int W8Turns { get; init; } = 8;

    /// <summary>W4b's filters (stores, writes, loads); empty runs everything.</summary>
    public IReadOnlySet<string> W4bOnly { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> Workloads { get; init; } = new HashSet<string>(Default, StringComparer.OrdinalIgnoreCase);

    public required string ApiDll { get; init; }

    public required string OutputDir { get; init; }

    public ulong Seed { get; init; } = 20261124;

    public DateTime Anchor { get; init; } = DateTime.SpecifyKind(DateTime.UtcNow.Date, DateTimeKind.Utc);

    public bool ReuseData { get; init; }

    public required string CommandLine { get; init; }

    /// <summary>The repository checkout the harness runs from (W6 finds PostGraphile's npm install there).</summary>
    public string RepositoryDir { get; init; } = "";

    public bool Runs(string workload) => Workloads.Contains(workload);

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var reuse = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reuse-data":
                    reuse = true;
                    break;
                case "--pg" or "--customers" or "--w4-customers" or "--w4-only" or "--w8-tenants" or "--w8-tenant-customers" or "--w8-budget-mb" or "--w8-turns" or "--w4b-only" or "--workloads" or "--api" or "--out" or "--seed" or "--anchor" when i + 1 < args.Length:
                    values[args[i]] = args[++i];
                    break;
                default:
                    throw new ArgumentException($"unknown or incomplete option '{args[i]}'");
            }
        }

        if (values.TryGetValue("--workloads", out var listed) &&
            listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(w => !Known.Contains(w, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            throw new ArgumentException($"unknown workload '{unknown}'; this harness runs {string.Join(", ", Known)}");
        }

        var root = RepositoryRoot();
        var postgres = values.GetValueOrDefault("--pg") ?? Environment.GetEnvironmentVariable("TAGAPI_BENCH_POSTGRES")
            ?? throw new ArgumentException("--pg (or TAGAPI_BENCH_POSTGRES) is required; scripts/bench.sh provides it");
        var defaults = new BenchOptions { Postgres = "", ApiDll = "", OutputDir = "", CommandLine = "" };
        return new BenchOptions
        {
            Postgres = postgres,
            Customers = values.TryGetValue("--customers", out var n) ? int.Parse(n.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : defaults.Customers,
            W4Customers = values.TryGetValue("--w4-customers", out var w4) ? int.Parse(w4.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : defaults.W4Customers,
            W4Only = values.TryGetValue("--w4-only", out var w4Only)
                ? w4Only is "imports" or "segment-tag" ? w4Only : throw new ArgumentException("--w4-only is imports or segment-tag")
                : null,
            W8Tenants = values.TryGetValue("--w8-tenants", out var w8) ? Number(w8) : defaults.W8Tenants,
            W8TenantCustomers = values.TryGetValue("--w8-tenant-customers", out var w8c) ? Number(w8c) : defaults.W8TenantCustomers,
            W8BudgetMegabytes = values.TryGetValue("--w8-budget-mb", out var w8b) ? Number(w8b) : defaults.W8BudgetMegabytes,
            W8Turns = values.TryGetValue("--w8-turns", out var w8t) ? Number(w8t) : defaults.W8Turns,
            W4bOnly = values.TryGetValue("--w4b-only", out var only)
                ? new HashSet<string>(only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase)
                : defaults.W4bOnly,
            Workloads = values.TryGetValue("--workloads", out var w)
                ? new HashSet<string>(w.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase)
                : defaults.Workloads,
            ApiDll = Path.GetFullPath(values.GetValueOrDefault("--api") ?? Path.Combine(root, "src", "TagApi.Api", "bin", "Release", "net10.0", "TagApi.Api.dll")),
            OutputDir = Path.GetFullPath(values.GetValueOrDefault("--out") ?? Path.Combine(root, "bench", "results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture))),
            Seed = values.TryGetValue("--seed", out var s) ? ulong.Parse(s, CultureInfo.InvariantCulture) : defaults.Seed,
            Anchor = values.TryGetValue("--anchor", out var a)
                ? DateTime.SpecifyKind(DateTime.ParseExact(a, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc)
                : defaults.Anchor,
            ReuseData = reuse,
            CommandLine = "TagApi.Bench " + string.Join(' ', Redacted(args)),
            RepositoryDir = root,
        };
    }

    private static int Number(string text) => int.Parse(text.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    // The connection string carries a password; the report shows the command without it.
    private static IEnumerable<string> Redacted(string[] args) =>
        args.Select((arg, i) => i > 0 && args[i - 1] == "--pg" ? "<connection string>" : arg);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TagApi.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
