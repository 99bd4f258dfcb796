using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Engines;

/// <summary>
/// A TagApi server (the Release build of src/TagApi.Api) run as a child process on a free
/// loopback port against the benchmark database, with rate limits lifted so the client is
/// never throttled. Its output goes to a log file in the results folder; disposing stops it.
/// </summary>
public sealed class TagApiServer : IDisposable
{
    // Servers still running when the harness is told to stop (SIGTERM, SIGINT) are stopped too.
    private static readonly HashSet<TagApiServer> Running = [];
    private static readonly PosixSignalRegistration[] SignalHandlers =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => StopAll()),
        PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => StopAll()),
    ];

    static TagApiServer()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
    }

    private readonly Process _process;
    private readonly ServerLog _log;
    private bool _disposed;

    private TagApiServer(Process process, ServerLog log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts a server; <paramref name="settings"/> adds configuration (<c>Webhooks:DispatcherEnabled</c>…) as environment variables.</summary>
    public static TagApiServer Start(TagApiCli cli, DatabaseTarget target, string logPath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(cli.ApiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(cli.ApiDll);
        foreach (var (key, value) in target.Environment(cli.WorkDir))
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["RateLimiting__PermitsPerSecond"] = "100000000";
        start.Environment["RateLimiting__Burst"] = "100000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Index snapshots beside the server's log, so a run never restores from a file an earlier run left behind.
        start.Environment["Segments__SnapshotDirectory"] = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(logPath))!, Path.GetFileNameWithoutExtension(logPath) + "-snapshots");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var log = new ServerLog(logPath);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the TagApi server");
        process.OutputDataReceived += (_, e) => log.Write(e.Data);
        process.ErrorDataReceived += (_, e) => log.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new TagApiServer(process, log, new Uri($"http://127.0.0.1:{port}"));
        lock (Running)
        {
            Running.Add(server);
        }

        try
        {
            server.WaitUntilHealthy(logPath);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        Log.Info($"TagApi server ({target.Provider}) up on {server.BaseAddress} (pid {process.Id})");
        return server;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (Running)
        {
            Running.Remove(this);
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        _log.Dispose();
    }

    private static void StopAll()
    {
        TagApiServer[] servers;
        lock (Running)
        {
            servers = [.. Running];
        }

        foreach (var server in servers)
        {
            server.Dispose();
        }
    }

    private void WaitUntilHealthy(string logPath)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the TagApi server exited with {_process.ExitCode}; see {logPath}");
            }

            try
            {
                using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, "/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            Thread.Sleep(200);
        }

        throw new TimeoutException($"the TagApi server did not answer /healthz within 180 s; see {logPath}");
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The server's stdout and stderr, line by line, into one file.</summary>
    private sealed class ServerLog(string path) : IDisposable
    {
        private readonly StreamWriter _writer = new(path, append: true) { AutoFlush = true };
        private bool _closed;

        public void Write(string? line)
        {
            lock (_writer)
            {
                if (line is not null && !_closed)
                {
                    _writer.WriteLine(line);
                }
            }
        }

        public void Dispose()
        {
            lock (_writer)
            {
                _closed = true;
                _writer.Dispose();
            }
        }
    }
}
