using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace TagApi.Api.Tests.Infrastructure;

/// <summary>
/// The real TagApi server binary (the TagApi.Api.dll built next to the tests) run with <c>dotnet</c>
/// as a separate OS process on a fixed loopback port, so a test can SIGKILL it and start it again on
/// the same address. Its operator commands run the same way. Output is kept (last lines) for failures.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;
    // The node's index snapshots, kept across its restarts (so a killed node restarts from its last one) and removed with it.
    private readonly string _snapshotDirectory = Path.Combine(Path.GetTempPath(), $"tagapi-node-snapshots-{Guid.NewGuid():N}");

    /// <param name="settings">Configuration keys (<c>Database:Provider</c>…) passed as environment variables.</param>
    public ServerProcess(IReadOnlyDictionary<string, string> settings)
    {
        _settings = settings;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
    }

    public Uri BaseAddress { get; }

    public int Starts { get; private set; }

    public int Kills { get; private set; }

    /// <summary>The last lines the server and its commands printed.</summary>
    public string RecentOutput => string.Join('\n', _output);

    /// <summary>Runs an operator command (<c>admin create-tenant …</c>) and returns the JSON line it prints.</summary>
    public async Task<JsonNode> RunCommandAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("could not start dotnet");
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"'{string.Join(' ', args)}' exited with {process.ExitCode}: {await error}");
        return JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
    }

    /// <summary>Starts the server and waits until it answers <c>/healthz</c>.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        Assert.True(_process is null || _process.HasExited, "the server is already running");
        _process?.Dispose();
        _process = Process.Start(StartInfo([])) ?? throw new InvalidOperationException("could not start dotnet");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Starts++;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var process = _process;
        if (await Eventually.WaitForAsync(() => AnswersHealthAsync(http, process), healthy => healthy, timeout))
        {
            return;
        }

        throw new TimeoutException($"the server did not answer /healthz within {timeout.TotalSeconds:0} s:\n{RecentOutput}");
    }

    private async Task<bool> AnswersHealthAsync(HttpClient http, Process process)
    {
        Assert.False(process.HasExited, $"the server exited with {(process.HasExited ? process.ExitCode : 0)}:\n{RecentOutput}");
        try
        {
            using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false; // Not listening yet.
        }
    }

    /// <summary>SIGKILL: no shutdown hooks run, claims are not released, connections drop mid-request.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            Kills++;
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        if (Directory.Exists(_snapshotDirectory))
        {
            Directory.Delete(_snapshotDirectory, recursive: true);
        }
    }

    private ProcessStartInfo StartInfo(string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TagApi.Api.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Segments__SnapshotDirectory"] = _snapshotDirectory;
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
