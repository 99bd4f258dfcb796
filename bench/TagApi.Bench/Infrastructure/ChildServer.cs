using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TagApi.Bench.Infrastructure;

/// <summary>
/// A peer server run as a child process on a free loopback port (the raw Npgsql endpoint,
/// PostGraphile), its output in a log file; started when a probe request answers 200, stopped
/// (with its children) on dispose or when the harness exits.
/// </summary>
public sealed class ChildServer : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _disposed;

    private ChildServer(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="start"/> (given the port) and waits until <paramref name="probe"/> answers 200.</summary>
    public static ChildServer Start(string name, Func<int, ProcessStartInfo> start, Func<HttpRequestMessage> probe, string logPath, TimeSpan timeout)
    {
        var port = FreePort();
        var info = start(port);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ChildServer(process, log, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            server.WaitUntilReady(name, probe, logPath, timeout);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        Log.Info($"{name} up on {server.BaseAddress} (pid {process.Id})");
        return server;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The server is being stopped.
            }
        }
    }

    private void WaitUntilReady(string name, Func<HttpRequestMessage> probe, string logPath, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {_process.ExitCode}; see {logPath}");
            }

            try
            {
                using var request = probe();
                using var response = http.Send(request);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            Thread.Sleep(200);
        }

        throw new TimeoutException($"{name} did not answer within {timeout.TotalSeconds:0} s; see {logPath}");
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
