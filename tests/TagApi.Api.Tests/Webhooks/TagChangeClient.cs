using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>A customer tag change the server acknowledged with a 2xx answer.</summary>
public sealed record AcknowledgedChange(string CustomerId, string TagKey, string Action);

/// <summary>
/// Makes customer tag changes — single adds and removes, and batch assignments — against a server
/// that may be killed at any moment. Only what a 2xx answer reports is recorded as acknowledged; a
/// request whose connection dropped may or may not have committed, and is only counted.
/// </summary>
public sealed class TagChangeClient(HttpClient http, IReadOnlyList<string> tags)
{
    public ConcurrentQueue<AcknowledgedChange> Acknowledged { get; } = new();

    public int Requests => _requests;

    /// <summary>Requests that got no answer or a non-2xx one (a kill mid-request, or the server restarting).</summary>
    public int Unacknowledged => _unacknowledged;

    private int _requests;
    private int _unacknowledged;

    /// <summary>One worker: changes only its own customers, so each customer's changes happen one after another.</summary>
    public async Task RunAsync(IReadOnlyList<string> customers, int seed, CancellationToken stop)
    {
        var random = new Random(seed);
        while (!stop.IsCancellationRequested)
        {
            var tag = tags[random.Next(tags.Count)];
            var add = random.Next(2) == 0;
            Interlocked.Increment(ref _requests);
            try
            {
                if (random.Next(10) < 6)
                {
                    await ChangeOneAsync(customers[random.Next(customers.Count)], tag, add);
                }
                else
                {
                    await ChangeBatchAsync(customers.OrderBy(_ => random.Next()).Take(5).ToList(), tag, add);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref _unacknowledged);
                // The server is down or restarting; try again shortly.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private async Task ChangeOneAsync(string customer, string tag, bool add)
    {
        var body = add ? new { add = new[] { tag } } : (object)new { remove = new[] { tag } };
        using var response = await http.PostAsJsonAsync(new Uri($"/v1/customers/{customer}/tags", UriKind.Relative), body);
        if (await AnswerAsync(response) is not { } answer)
        {
            return;
        }

        foreach (var key in answer["added"]!.AsArray())
        {
            Acknowledged.Enqueue(new AcknowledgedChange(customer, key!.GetValue<string>(), "added"));
        }

        foreach (var key in answer["removed"]!.AsArray())
        {
            Acknowledged.Enqueue(new AcknowledgedChange(customer, key!.GetValue<string>(), "removed"));
        }
    }

    private async Task ChangeBatchAsync(List<string> customers, string tag, bool add)
    {
        var pairs = customers.Select(c => new { customer = c, tag }).ToArray();
        var body = add ? new { add = pairs } : (object)new { remove = pairs };
        using var response = await http.PostAsJsonAsync(new Uri("/v1/tag-assignments", UriKind.Relative), body);
        if (await AnswerAsync(response) is not { } answer)
        {
            return;
        }

        foreach (var change in answer["changes"]!.AsArray())
        {
            Acknowledged.Enqueue(new AcknowledgedChange(change!["customer"]!.GetValue<string>(), change["tag"]!.GetValue<string>(), change["action"]!.GetValue<string>()));
        }
    }

    private async Task<JsonNode?> AnswerAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            return JsonNode.Parse(text);
        }

        // A 5xx while the database connection died with the server, or the like: not acknowledged.
        Assert.True((int)response.StatusCode >= 500, $"unexpected {(int)response.StatusCode}: {text}");
        Interlocked.Increment(ref _unacknowledged);
        return null;
    }
}
