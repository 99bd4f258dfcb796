using System.Diagnostics;
using System.Text.Json;

namespace TagApi.Bench.Data;

/// <summary>Which database a TagApi process (CLI or server) is pointed at.</summary>
public sealed record DatabaseTarget(string Provider, string ConnectionString)
{
    /// <summary>The configuration TagApi reads, as environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment(string workDir) => new Dictionary<string, string>
    {
        ["Database__Provider"] = Provider,
        ["ConnectionStrings__TagApi"] = ConnectionString,
        // Keys and anything else the binary would create stay in the run's scratch folder, never in the repo.
        ["Auth__SigningKeyPath"] = Path.Combine(workDir, "signing-key.pem"),
        ["Demo__SeedOnFirstStart"] = "false",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };
}

/// <summary>
/// TagApi's own operator commands (<c>migrate</c>, <c>admin create-tenant</c>, <c>admin create-client</c>),
/// run from the Release build of src/TagApi.Api, exactly as an operator would.
/// </summary>
public sealed class TagApiCli(string apiDll, string workDir)
{
    public string ApiDll { get; } = apiDll;

    public string WorkDir { get; } = workDir;

    public void Migrate(DatabaseTarget target) => Run(target, "migrate");

    public string CreateTenant(DatabaseTarget target, string slug) =>
        Run(target, "admin", "create-tenant", slug, "--name", "Benchmark tenant").GetProperty("tenantId").GetString()!;

    public (string ClientId, string ClientSecret) CreateClient(DatabaseTarget target, string slug, string scopes)
    {
        var json = Run(target, "admin", "create-client", slug, "--scopes", scopes, "--name", "bench");
        return (json.GetProperty("clientId").GetString()!, json.GetProperty("clientSecret").GetString()!);
    }

    private JsonElement Run(DatabaseTarget target, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(ApiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ApiDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in target.Environment(WorkDir))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"TagApi CLI '{string.Join(' ', args)}' exited with {process.ExitCode}: {stderr.Result.Trim()}");
        }

        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"TagApi CLI '{string.Join(' ', args)}' printed nothing.");
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
