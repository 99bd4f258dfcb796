using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TagApi.Core.Common;

namespace TagApi.Core.Webhooks;

/// <summary>How one HTTP attempt ended.</summary>
internal sealed record DeliveryOutcome(int? StatusCode, string? Error, TimeSpan Duration, TimeSpan? RetryAfter)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Posts one event to one endpoint, signed for this attempt (fresh timestamp, constant
/// <c>webhook-id</c>, every active secret). Network failures become outcomes, never exceptions,
/// unless the dispatcher itself is stopping.
/// </summary>
internal sealed class WebhookSender(HttpClient http, WebhookUrlPolicy urls, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The JSON body of an event as receivers get it.</summary>
    public static string Body(Event e, string id) =>
        $$"""{"id":{{JsonSerializer.Serialize(id)}},"type":{{JsonSerializer.Serialize(e.Type)}},"occurredAt":{{JsonSerializer.Serialize(DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc), Json)}},"data":{{e.Data}}}""";

    public async Task<DeliveryOutcome> SendAsync(WebhookEndpoint endpoint, Event e, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        try
        {
            var uri = new Uri(endpoint.Url);
            if (await urls.CheckDestinationAsync(uri, ct) is { } refused)
            {
                return new DeliveryOutcome(null, refused, started.Elapsed, null);
            }

            var id = e.Id == 0 ? "evt_test_" + Guid.NewGuid().ToString("N")[..16] : PublicId.Encode(IdPrefixes.Event, e.Id);
            var body = Body(e, id);
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            var secrets = new List<string> { endpoint.Secret };
            if (endpoint.PreviousSecret is { } previous && endpoint.PreviousSecretUntil > clock.UtcNow())
            {
                secrets.Add(previous);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSigner.Header(secrets, id, timestamp, body));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - clock.GetUtcNow() : null);
            return new DeliveryOutcome((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", started.Elapsed, retryAfter);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException or System.Net.Sockets.SocketException or UriFormatException)
        {
            return new DeliveryOutcome(null, ex is TaskCanceledException ? "timed out" : ex.Message, started.Elapsed, null);
        }
    }
}
