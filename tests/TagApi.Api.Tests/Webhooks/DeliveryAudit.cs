using System.Data;
using System.Text.Json.Nodes;
using Npgsql;
using TagApi.Core.Common;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>A customer tag event as the database holds it (the committed change log).</summary>
public sealed record LoggedEvent(string Id, string Type, JsonNode Data);

/// <summary>
/// What survived the crashes, read straight from PostgreSQL (committed events, undelivered work,
/// customers' current tags) and from the receiver (deliveries whose signature verifies), so a test
/// can hold one against the other.
/// </summary>
public sealed class DeliveryAudit
{
    private DeliveryAudit()
    {
    }

    /// <summary>Committed <c>customer.tags.*</c> events by public id.</summary>
    public Dictionary<string, LoggedEvent> Committed { get; } = [];

    /// <summary>Deliveries in the database not yet succeeded.</summary>
    public long Unfinished { get; private set; }

    /// <summary>Each customer's tags now.</summary>
    public Dictionary<string, SortedSet<string>> CurrentTags { get; } = [];

    /// <summary>Distinct delivered events whose signature verifies, by webhook id (first verified copy).</summary>
    public Dictionary<string, ReceivedWebhook> Verified { get; } = [];

    /// <summary>Requests the receiver got in all (retries and redeliveries after a kill included).</summary>
    public int ReceivedRequests { get; private set; }

    public static async Task<DeliveryAudit> ReadAsync(string connectionString, IReadOnlyCollection<ReceivedWebhook> received, string secret)
    {
        var audit = new DeliveryAudit { ReceivedRequests = received.Count };
        foreach (var webhook in received)
        {
            if (!audit.Verified.ContainsKey(webhook.Id) && StandardWebhookVerifier.Verify(secret, webhook, DateTimeOffset.UtcNow))
            {
                audit.Verified[webhook.Id] = webhook;
            }
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Every read sees one snapshot: the server may still be committing, and events, deliveries and tags
        // read at different moments could disagree about a change that committed in between.
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await foreach (var row in QueryAsync(connection, """SELECT "Id", "Type", "Data" FROM "Events" WHERE "Type" LIKE 'customer.tags.%'"""))
        {
            var id = PublicId.Encode(IdPrefixes.Event, row.GetInt64(0));
            audit.Committed[id] = new LoggedEvent(id, row.GetString(1), JsonNode.Parse(row.GetString(2))!);
        }

        await foreach (var row in QueryAsync(connection, """SELECT count(*) FROM "WebhookDeliveries" WHERE "Status" <> 'Succeeded'"""))
        {
            audit.Unfinished = row.GetInt64(0);
        }

        await foreach (var row in QueryAsync(connection, """SELECT c."Id", t."Key" FROM "Customers" c LEFT JOIN "TagAssignments" a ON a."CustomerId" = c."Id" LEFT JOIN "Tags" t ON t."Id" = a."TagId" """))
        {
            var tags = audit.CurrentTags.TryGetValue(PublicId.Encode(IdPrefixes.Customer, row.GetInt64(0)), out var set)
                ? set
                : audit.CurrentTags[PublicId.Encode(IdPrefixes.Customer, row.GetInt64(0))] = [];
            if (!row.IsDBNull(1))
            {
                tags.Add(row.GetString(1));
            }
        }

        return audit;
    }

    /// <summary>Committed events no verified delivery carries yet.</summary>
    public List<string> Undelivered() => Committed.Keys.Where(id => !Verified.ContainsKey(id)).ToList();

    /// <summary>Each customer's tags rebuilt from the delivered events alone, applied in <c>version</c> order.</summary>
    public Dictionary<string, SortedSet<string>> TagsFromDeliveries()
    {
        var tags = new Dictionary<string, SortedSet<string>>();
        var events = Verified.Values.Select(w => JsonNode.Parse(w.Body)!["data"]!)
            .OrderBy(d => d["version"]!.GetValue<long>());
        foreach (var data in events)
        {
            var customer = data["customer"]!["id"]!.GetValue<string>();
            var set = tags.TryGetValue(customer, out var existing) ? existing : tags[customer] = [];
            foreach (var tag in data["tags"]!.AsArray())
            {
                var key = tag!["key"]!.GetValue<string>();
                _ = tag["action"]!.GetValue<string>() == "added" ? set.Add(key) : set.Remove(key);
            }
        }

        return tags;
    }

    private static async IAsyncEnumerable<NpgsqlDataReader> QueryAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return reader;
        }
    }
}
