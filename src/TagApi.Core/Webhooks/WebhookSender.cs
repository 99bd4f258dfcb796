using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
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
internal sealed class WebhookSender(HttpClient http, WebhookUrlPolicy urls, IWebhookSecretProtector secrets, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Per endpoint, its parsed URL and decrypted, decoded keys, rebuilt when any changes: parsing, decrypting and decoding
    // them for every attempt would be a measurable share of a delivery's CPU at tens of thousands of attempts a second.
    private readonly ConcurrentDictionary<long, Target> _targets = new();

    /// <summary>The JSON body of an event as receivers get it.</summary>
    public static string Body(Event e, string id) =>
        $$"""{"id":{{JsonSerializer.Serialize(id)}},"type":{{JsonSerializer.Serialize(e.Type)}},"occurredAt":{{JsonSerializer.Serialize(DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc), Json)}},"data":{{e.Data}}}""";

    public Task<DeliveryOutcome> SendAsync(WebhookEndpoint endpoint, Event e, CancellationToken ct) => SendAsync(endpoint, new OutgoingEvent(e), ct);

    public async Task<DeliveryOutcome> SendAsync(WebhookEndpoint endpoint, OutgoingEvent e, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        try
        {
            var target = TargetOf(endpoint);
            if (target.Refusal is { } refused)
            {
                // Written before the policy tightened, or by hand: its addresses are checked on connecting too.
                return new DeliveryOutcome(null, refused, started.Elapsed, null);
            }

            var body = e.Body;
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            var signature = WebhookSigner.Sign(target.Key, e.Id, timestamp, body);
            if (target.PreviousKey is { } previous && endpoint.PreviousSecretUntil > clock.UtcNow())
            {
                signature += " " + WebhookSigner.Sign(previous, e.Id, timestamp, body);
            }

            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
            using var request = new HttpRequestMessage(HttpMethod.Post, target.Uri) { Content = content };
            request.Headers.TryAddWithoutValidation("webhook-id", e.Id);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", signature);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - clock.GetUtcNow() : null);
            return new DeliveryOutcome((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", started.Elapsed, retryAfter);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested
            && ex is HttpRequestException or TaskCanceledException or System.Net.Sockets.SocketException or UriFormatException or CryptographicException)
        {
            var error = ex switch
            {
                TaskCanceledException => "timed out",
                CryptographicException => "the signing secret could not be decrypted (is this node's server key the deployment's?)",
                { InnerException: WebhookDestinationRefusedException refused } => refused.Message,
                _ => ex.Message,
            };
            return new DeliveryOutcome(null, error, started.Elapsed, null);
        }
    }

    private Target TargetOf(WebhookEndpoint endpoint)
    {
        if (_targets.TryGetValue(endpoint.Id, out var known)
            && known.Url == endpoint.Url && known.Secret == endpoint.Secret && known.PreviousSecret == endpoint.PreviousSecret)
        {
            return known;
        }

        var target = new Target(
            endpoint.Url, new Uri(endpoint.Url), urls.CheckUrl(endpoint.Url), endpoint.Secret, WebhookSigner.Key(secrets.Unprotect(endpoint.Secret)),
            endpoint.PreviousSecret, endpoint.PreviousSecret is { } previous ? PreviousKey(previous) : null);
        return endpoint.Id == 0 ? target : _targets[endpoint.Id] = target;
    }

    // The secret before a rotation only adds a second signature: one that cannot be decrypted (stored under a server key
    // since replaced) is left out rather than failing every delivery until the overlap ends.
    private byte[]? PreviousKey(string stored)
    {
        try
        {
            return WebhookSigner.Key(secrets.Unprotect(stored));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    // Secrets as stored (to tell when they change) and their keys, decrypted and decoded.
    private sealed record Target(string Url, Uri Uri, string? Refusal, string Secret, byte[] Key, string? PreviousSecret, byte[]? PreviousKey);
}
