using System.Globalization;
using TagApi.Client;
using TagApi.Client.Webhooks;

namespace ShopSync;

/// <summary>What one run did.</summary>
public sealed record SyncReport(
    int Customers, int OrdersRecorded, int OrdersAlreadyKnown, int Matching, IReadOnlyList<string> TaggedByRule, IReadOnlyList<string> ExportLines, int RejectedWebhooks)
{
    /// <summary>The segment holds every matching customer, and nothing unverifiable arrived.</summary>
    public bool Complete => Matching > 0 && ExportLines.Count - 1 == Matching && RejectedWebhooks == 0;
}

/// <summary>
/// The shop-sync integrator: mirror the shop's customers and orders into TagApi (safe to run again: customers are
/// upserted by the shop's id, orders are deduplicated by order id), keep a "big spender" tag up to date with a
/// rule, hear about it through signed webhooks, and export the resulting segment as CSV.
/// </summary>
public sealed class ShopSyncApp(TagApiClient api, TextWriter log)
{
    public const string TagKey = "big_spender";
    public const string RuleKey = "big-spender";
    public const string SegmentKey = "big_spenders";
    public const string Condition = "sum(purchase.amount, 365d) >= 500";

    public async Task<SyncReport> RunAsync(string dataDirectory, TimeSpan webhookWait, CancellationToken ct = default)
    {
        var taggedBefore = await CountTaggedAsync(ct);
        var customers = await SyncCustomersAsync(Path.Combine(dataDirectory, "customers.csv"), ct);
        var (recorded, known) = await SyncOrdersAsync(Path.Combine(dataDirectory, "orders.csv"), ct);

        using var inbox = new WebhookInbox();
        inbox.Start();
        var endpoint = await api.CreateWebhookEndpointAsync(new WebhookEndpointInput
        {
            Url = new Uri(inbox.Url),
            Description = "shop-sync",
            EventTypes = [EventType.Customer_tags_added],
        }, ct);
        inbox.UseSecret(endpoint.Secret);
        try
        {
            await EnsureTagAndRuleAsync(ct);
            await RunRuleAsync(ct);

            var expected = await CountMatchesAsync(ct);
            // A run after the first tags nobody new, so it expects no webhooks.
            var tagged = await WaitForTagEventsAsync(inbox, expected - taggedBefore, webhookWait, ct);
            var export = await ExportSegmentAsync(ct);
            return new SyncReport(customers, recorded, known, expected, tagged, export, inbox.Rejected);
        }
        finally
        {
            await api.DeleteWebhookEndpointAsync(endpoint.Endpoint.Id, CancellationToken.None);
        }
    }

    private async Task<int> SyncCustomersAsync(string path, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in Csv.Read(path))
        {
            await api.UpsertCustomerAsync(row["externalId"], new CustomerInput
            {
                Name = row["name"],
                Email = row["email"],
                City = row["city"],
                Source = row["source"] == "offline" ? CustomerSource.Offline : CustomerSource.Online,
            }, ct);
            count++;
        }

        log.WriteLine($"customers: {count} upserted");
        return count;
    }

    private async Task<(int Recorded, int Known)> SyncOrdersAsync(string path, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var orders = Csv.Read(path).Select(row => new ActivityItemRequest
        {
            ExternalId = row["orderId"],
            CustomerExternalId = row["customerExternalId"],
            Type = "purchase",
            Amount = double.Parse(row["amount"], CultureInfo.InvariantCulture),
            Currency = row["currency"],
            OccurredAt = now.AddDays(-int.Parse(row["daysAgo"], CultureInfo.InvariantCulture)),
        }).ToList();
        var result = await api.RecordActivitiesAsync(new RecordActivitiesRequest { Activities = orders }, ct);
        log.WriteLine($"orders: {result.Recorded} recorded, {result.Duplicates} already known");
        return (result.Recorded, result.Duplicates);
    }

    private async Task RunRuleAsync(CancellationToken ct)
    {
        try
        {
            var run = await api.RunRuleAsync(RuleKey, ct);
            log.WriteLine($"rule {RuleKey}: ran, {run.Run.Added} tags added");
        }
        catch (TagApiProblemException e) when (e.Code == "rule_running")
        {
            // A rule just created runs at once on its own; that run does the same work, and its webhooks follow.
            log.WriteLine($"rule {RuleKey}: already running");
        }
    }

    private async Task EnsureTagAndRuleAsync(CancellationToken ct)
    {
        try
        {
            await api.CreateTagAsync(new CreateTagRequest { Key = TagKey, Name = "Big spender", Color = "#E64980" }, ct);
            await api.CreateRuleAsync(new CreateRuleRequest { Key = RuleKey, Name = "Big spender", Tag = TagKey, Condition = Condition }, ct);
            await api.CreateSegmentAsync(new CreateSegmentRequest { Key = SegmentKey, Name = "Big spenders", Query = $"tag = '{TagKey}'" }, ct);
            log.WriteLine($"created tag {TagKey}, rule {RuleKey} ({Condition}) and segment {SegmentKey}");
        }
        catch (TagApiProblemException e) when (e.Code == "conflict")
        {
            log.WriteLine($"tag {TagKey}, rule {RuleKey} and segment {SegmentKey} already exist");
        }
    }

    private async Task<int> CountTaggedAsync(CancellationToken ct)
    {
        try
        {
            return await api.ListAllTagCustomersAsync(TagKey, cancellationToken: ct).CountAsync(ct);
        }
        catch (TagApiProblemException e) when (e.Code == "not_found")
        {
            return 0; // The first run: the tag does not exist yet.
        }
    }

    private async Task<int> CountMatchesAsync(CancellationToken ct)
    {
        var preview = await api.QuerySegmentAsync(new SegmentQueryRequest { Query = Condition, Limit = 1 }, ct);
        return (int)preview.Count;
    }

    private async Task<IReadOnlyList<string>> WaitForTagEventsAsync(WebhookInbox inbox, int expected, TimeSpan wait, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        List<string> tagged;
        do
        {
            tagged = [.. inbox.Events.OfType<WebhookEvent<CustomerTagsChangedData>>()
                .Where(e => e.Data.Tags.Any(t => t.Key == TagKey))
                .Select(e => e.Data.Customer.ExternalId ?? e.Data.Customer.Id)
                .Distinct()
                .Order(StringComparer.Ordinal)];
            if (tagged.Count >= expected)
            {
                break;
            }

            await Task.Delay(100, ct);
        }
        while (DateTimeOffset.UtcNow < deadline);

        log.WriteLine($"webhooks: {tagged.Count} verified customer.tags.added for {TagKey}: {string.Join(", ", tagged)}");
        return tagged;
    }

    private async Task<IReadOnlyList<string>> ExportSegmentAsync(CancellationToken ct)
    {
        using var export = await api.ExportSegmentAsync(SegmentKey, Format.Csv, "id,externalId", ct);
        using var reader = new StreamReader(export.Stream);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lines.Add(line);
        }

        log.WriteLine($"export of {SegmentKey}: {lines.Count - 1} members");
        foreach (var line in lines)
        {
            log.WriteLine("  " + line);
        }

        return lines;
    }
}
