using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace TagApi.Bench.Peers;

/// <summary>
/// What the raw peer endpoints (<see cref="RawReadsEndpoint"/>, <see cref="RawWritesEndpoint"/>) share: their
/// command-line options, the server key inherited from the harness (so public ids read alike), and a slim web host on
/// loopback without logging.
/// </summary>
internal sealed class PeerHost(string[] args)
{
    public string Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? throw new ArgumentException($"{name} is required");

    public long TenantId => long.Parse(Option("--tenant"), System.Globalization.CultureInfo.InvariantCulture);

    public WebApplicationBuilder CreateBuilder()
    {
        Data.BenchKeys.UseInheritedServerKey();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Option("--port")}");
        return builder;
    }
}
