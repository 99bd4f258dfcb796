using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using TagApi.Bench.Load;

namespace TagApi.Bench.Ingestion;

/// <summary>
/// What one paced run did: latencies from each request's due time (so a server that falls behind pays for the queue too)
/// and from its send. A run far behind its pace stops sending at twice its length; the rate achieved counts only what completed.
/// </summary>
public sealed record PacedResult(int Target, int Sent, int Failed, double Seconds, List<double> FromDueMicros, List<double> FromSendMicros, string? FirstFailure)
{
    public double Achieved => Seconds > 0 ? (Sent - Failed) / Seconds : 0;
}

/// <summary>
/// Single tag assignments over REST, open loop: request n is due at start + n / rate and is sent then (or as soon as a
/// connection is free), whatever the earlier ones are doing — a paced client, not a closed loop that slows down with
/// the server. Each request is one <c>POST /v1/tag-assignments</c> adding one tag to one customer, by external id.
/// </summary>
public static class PacedAssignments
{
    private const int MaxInFlight = 256;

    public static async Task<PacedResult> RunAsync(Uri server, AuthenticationHeaderValue auth, IReadOnlyList<string> externalIds, string tag, int perSecond, TimeSpan length)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = MaxInFlight, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = auth;
        var total = (int)Math.Min(externalIds.Count, perSecond * length.TotalSeconds);
        var fromDue = new double[total];
        var fromSend = new double[total];
        var ok = new bool[total];
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        var sentCount = await OpenLoop.RunAsync(clock, total, perSecond, length, MaxInFlight, async (index, due) =>
        {
            try
            {
                var sent = clock.ElapsedTicks;
                using var body = new StringContent($$"""{"add":[{"externalId":"{{externalIds[index]}}","tag":"{{tag}}"}]}""", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri("/v1/tag-assignments", UriKind.Relative), body);
                var done = clock.ElapsedTicks;
                fromDue[index] = (done - due) * 1e6 / Stopwatch.Frequency;
                fromSend[index] = (done - sent) * 1e6 / Stopwatch.Frequency;
                ok[index] = response.IsSuccessStatusCode;
                if (!ok[index])
                {
                    firstFailure ??= $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                firstFailure ??= e.Message;
            }
        });

        var seconds = clock.Elapsed.TotalSeconds;
        var good = Enumerable.Range(0, sentCount).Where(i => ok[i]).ToList();
        return new PacedResult(perSecond, sentCount, sentCount - good.Count, seconds, [.. good.Select(i => fromDue[i])], [.. good.Select(i => fromSend[i])], firstFailure);
    }
}
