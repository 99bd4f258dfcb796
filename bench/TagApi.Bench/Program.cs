using TagApi.Bench;
using TagApi.Bench.Infrastructure;

// W6 runs its raw Npgsql peer from this same binary, in a process of its own.
if (args.Length > 0 && args[0] == TagApi.Bench.Peers.RawReadsEndpoint.Command)
{
    return TagApi.Bench.Peers.RawReadsEndpoint.Serve(args);
}

// W4b's raw peer, likewise.
if (args.Length > 0 && args[0] == TagApi.Bench.Peers.RawWritesEndpoint.Command)
{
    return TagApi.Bench.Peers.RawWritesEndpoint.Serve(args);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n{BenchOptions.Usage}");
    return 2;
}

Log.Info($"{options.Customers:N0} customers, workloads {string.Join(',', options.Workloads)}, report in {options.OutputDir}");
try
{
    var report = new BenchRun(options).Execute();
    Console.WriteLine(report);
    return 0;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Log.Info($"failed: {e}");
    Log.Info($"what was measured so far is in {options.OutputDir}");
    return 1;
}
