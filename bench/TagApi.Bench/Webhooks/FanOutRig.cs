using System.Diagnostics;
using Npgsql;
using TagApi.Core.Common;

namespace TagApi.Bench.Webhooks;

/// <summary>
/// W7's ten receivers (eight healthy, one slow, one failing half the time) and their endpoints, the
/// paced change client, and the clock arithmetic: change→delivery latency is a receiver's arrival
/// time minus the event's <c>OccurredAt</c> as committed with the change (same machine, same clock).
/// </summary>
public sealed class FanOutRig : IAsyncDisposable
{
    private const int HealthyCount = 8;
    private static readonly string[] Subscribed = ["customer.tags.added", "customer.tags.removed"];

    private FanOutRig(List<LoopbackReceiver> receivers) => Receivers = receivers;

    public List<LoopbackReceiver> Receivers { get; }

    public IEnumerable<LoopbackReceiver> Healthy => Receivers.Take(HealthyCount);

    public LoopbackReceiver Slow => Receivers[HealthyCount];

    public LoopbackReceiver Failing => Receivers[HealthyCount + 1];

    public static async Task<FanOutRig> StartAsync()
    {
        var receivers = new List<LoopbackReceiver>();
        for (var i = 0; i < HealthyCount; i++)
        {
            receivers.Add(await LoopbackReceiver.StartAsync($"healthy-{i + 1}"));
        }

        receivers.Add(await LoopbackReceiver.StartAsync("slow"));
        receivers.Add(await LoopbackReceiver.StartAsync("failing"));
        return new FanOutRig(receivers);
    }

    public async Task SubscribeAsync(BenchApiClient api)
    {
        foreach (var receiver in Receivers)
        {
            await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, description = receiver.Name, eventTypes = Subscribed });
        }
    }

    /// <summary>Forgets past arrivals; the slow and failing receivers misbehave only when <paramref name="bad"/>.</summary>
    public void Reset(bool bad)
    {
        foreach (var receiver in Receivers)
        {
            receiver.Reset();
        }

        Slow.Behaviour = bad ? ReceiverBehaviour.Slow : ReceiverBehaviour.Healthy;
        Failing.Behaviour = bad ? ReceiverBehaviour.FailingHalf : ReceiverBehaviour.Healthy;
    }

    /// <summary>Waits until every healthy receiver has <paramref name="events"/> distinct events; false on timeout.</summary>
    public async Task<bool> WaitForHealthyAsync(int events, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Healthy.All(r => r.Arrivals.Count >= events && r.Arrivals.Select(a => a.EventId).Distinct().Count() >= events))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    /// <summary>Adds or removes <paramref name="tag"/> on the customers at <paramref name="perSecond"/> changes a second, in batches; returns changes made and seconds taken.</summary>
    public static async Task<(int Changes, double Seconds)> PaceAsync(BenchApiClient api, IReadOnlyList<string> customers, string tag, bool add, int perSecond, int batch)
    {
        var interval = TimeSpan.FromSeconds((double)batch / perSecond);
        var clock = Stopwatch.StartNew();
        var sent = new List<Task<System.Text.Json.Nodes.JsonNode>>();
        for (var k = 0; k * batch < customers.Count; k++)
        {
            var due = interval * k - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            sent.Add(api.AssignAsync(customers.Skip(k * batch).Take(batch), tag, add));
            // Never more than a few requests queued: if the API cannot keep the pace, the achieved rate says so.
            while (sent.Count(t => !t.IsCompleted) > 16)
            {
                await Task.WhenAny(sent.Where(t => !t.IsCompleted));
            }
        }

        var answers = await Task.WhenAll(sent);
        return (answers.Sum(a => a["added"]!.GetValue<int>() + a["removed"]!.GetValue<int>()), clock.Elapsed.TotalSeconds);
    }

    /// <summary>The highest event id so far, so a run reads only its own events.</summary>
    public static long LastEventId(NpgsqlDataSource source)
    {
        using var command = source.CreateCommand("""SELECT coalesce(max("Id"), 0) FROM "Events" """);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Each event's public id → its <c>OccurredAt</c> in UTC ticks, for events after <paramref name="after"/>.</summary>
    public static Dictionary<string, long> OccurredAt(NpgsqlDataSource source, long after)
    {
        var result = new Dictionary<string, long>();
        using var command = source.CreateCommand("""SELECT "Id", "OccurredAt" FROM "Events" WHERE "Id" > $1""");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[PublicId.Encode(IdPrefixes.Event, reader.GetInt64(0))] = reader.GetDateTime(1).Ticks;
        }

        return result;
    }

    /// <summary>Latency (µs) of each receiver's first arrival of each of the run's events.</summary>
    public static List<double> Latencies(IEnumerable<LoopbackReceiver> receivers, Dictionary<string, long> occurred) =>
        receivers.SelectMany(r => r.Arrivals.DistinctBy(a => a.EventId))
            .Where(a => occurred.ContainsKey(a.EventId))
            .Select(a => (a.AtTicks - occurred[a.EventId]) / 10.0)
            .ToList();

    /// <summary>
    /// Every arrival of the run as CSV (receiver, ms since the run's first event, latency in ms, accepted), beside the
    /// report: a p99 says how bad the tail is, this says when in the run it happened.
    /// </summary>
    public static void WriteArrivals(FanOutRig rig, Dictionary<string, long> occurred, string path)
    {
        if (occurred.Count == 0)
        {
            return;
        }

        var start = occurred.Values.Min();
        using var file = new StreamWriter(path);
        file.WriteLine("receiver,occurred_ms,latency_ms,accepted");
        foreach (var receiver in rig.Receivers)
        {
            foreach (var a in receiver.Arrivals.Where(a => occurred.ContainsKey(a.EventId)))
            {
                var at = occurred[a.EventId];
                file.WriteLine(FormattableString.Invariant($"{receiver.Name},{(at - start) / 1e4:0.0},{(a.AtTicks - at) / 1e4:0.00},{(a.Accepted ? 1 : 0)}"));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var receiver in Receivers)
        {
            await receiver.DisposeAsync();
        }
    }
}
