using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// A DNS stand-in: each name answers what it was told, in order (the last answer repeats), so a test can make a name
/// public when the endpoint is written and point it elsewhere later, as a rebinding attacker would. Unknown names do
/// not resolve; nothing goes to a real resolver.
/// </summary>
public sealed class ScriptedHostResolver : IWebhookHostResolver
{
    /// <summary>A public address no test ever connects to.</summary>
    public static readonly IPAddress Public = IPAddress.Parse("93.184.215.14");

    private readonly ConcurrentDictionary<string, ConcurrentQueue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _lookups = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The name answers these addresses (one lookup's answer per array; the last one repeats).</summary>
    public void Answer(string host, params IPAddress[][] answers) => _answers[host] = new ConcurrentQueue<IPAddress[]>(answers);

    public int LookupsOf(string host) => _lookups.GetValueOrDefault(host);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        _lookups.AddOrUpdate(host, 1, (_, n) => n + 1);
        if (!_answers.TryGetValue(host, out var queue))
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        lock (queue)
        {
            return Task.FromResult(queue.Count > 1 && queue.TryDequeue(out var next) ? next : queue.First());
        }
    }
}
