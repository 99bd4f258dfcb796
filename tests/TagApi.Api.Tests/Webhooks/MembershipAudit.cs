using System.Data;
using System.Text.Json.Nodes;
using Npgsql;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Common;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// A segment's membership after the crashes, three ways: as the database's member rows hold it,
/// as the customers' tags say it should be, and as a receiver rebuilds it from the verified
/// <c>segment.entered</c>/<c>segment.exited</c> deliveries alone (applied in event order).
/// </summary>
public sealed class MembershipAudit
{
    private MembershipAudit()
    {
    }

    /// <summary>Committed membership events by public id.</summary>
    public Dictionary<string, LoggedEvent> Committed { get; } = [];

    /// <summary>Distinct delivered events whose signature verifies, by webhook id.</summary>
    public Dictionary<string, ReceivedWebhook> Verified { get; } = [];

    /// <summary>Customers in the segment's member rows.</summary>
    public SortedSet<string> Members { get; } = [];

    /// <summary>Customers holding the segment's tag.</summary>
    public SortedSet<string> Holders { get; } = [];

    public static async Task<MembershipAudit> ReadAsync(string connectionString, IReadOnlyCollection<ReceivedWebhook> received, string secret, string segmentKey, string tagKey)
    {
        var audit = new MembershipAudit();
        foreach (var webhook in received)
        {
            if (!audit.Verified.ContainsKey(webhook.Id) && StandardWebhookVerifier.Verify(secret, webhook, DateTimeOffset.UtcNow))
            {
                audit.Verified[webhook.Id] = webhook;
            }
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Every read sees one snapshot: the server may still be committing, and events, member rows and tag holders
        // read at different moments could disagree about a change that committed in between.
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await using (var events = new NpgsqlCommand("""SELECT "Id", "Type", "Data" FROM "Events" WHERE "Type" LIKE 'segment.%'""", connection))
        await using (var reader = await events.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var id = PublicId.Encode(IdPrefixes.Event, reader.GetInt64(0));
                audit.Committed[id] = new LoggedEvent(id, reader.GetString(1), JsonNode.Parse(reader.GetString(2))!);
            }
        }

        await ReadCustomersAsync(connection, audit.Members, """SELECT m."CustomerId" FROM "SegmentMembers" m JOIN "Segments" s ON s."Id" = m."SegmentId" WHERE s."Key" = @key""", segmentKey);
        await ReadCustomersAsync(connection, audit.Holders, """SELECT a."CustomerId" FROM "TagAssignments" a JOIN "Tags" t ON t."Id" = a."TagId" WHERE t."Key" = @key""", tagKey);
        return audit;
    }

    /// <summary>Committed events no verified delivery carries yet.</summary>
    public List<string> Undelivered() => Committed.Keys.Where(id => !Verified.ContainsKey(id)).ToList();

    /// <summary>
    /// The members a receiver knows from the deliveries alone. One projection writes a segment at a
    /// time, so event ids follow the order its entries and exits were written.
    /// </summary>
    public SortedSet<string> MembersFromDeliveries()
    {
        var members = new SortedSet<string>();
        foreach (var webhook in Verified.Values.OrderBy(w => PublicId.TryDecode(IdPrefixes.Event, w.Id, out var id) ? id : long.MaxValue))
        {
            var payload = JsonNode.Parse(webhook.Body)!;
            var customer = payload["data"]!["customer"]!.Str("id");
            _ = payload.Str("type") == "segment.entered" ? members.Add(customer) : members.Remove(customer);
        }

        return members;
    }

    /// <summary>
    /// Each given customer's committed membership events in id order (type and trigger), for a failure message
    /// that shows where the deliveries and the rows part ways.
    /// </summary>
    public string HistoryOf(IEnumerable<string> customers) => string.Join("; ", customers.Select(customer =>
    {
        var events = Committed.Values.Where(e => e.Data["customer"]?["id"]?.GetValue<string>() == customer)
            .OrderBy(e => PublicId.TryDecode(IdPrefixes.Event, e.Id, out var id) ? id : long.MaxValue)
            .Select(e => $"{e.Id} {e.Type} ({e.Data["trigger"]})");
        return $"{customer}: {string.Join(", ", events)}";
    }));

    private static async Task ReadCustomersAsync(NpgsqlConnection connection, SortedSet<string> into, string sql, string key)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            into.Add(PublicId.Encode(IdPrefixes.Customer, reader.GetInt64(0)));
        }
    }
}
