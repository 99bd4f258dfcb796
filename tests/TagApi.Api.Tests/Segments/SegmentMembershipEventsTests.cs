using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Api.Tests.Webhooks;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Membership;

namespace TagApi.Api.Tests.Segments;

/// <summary>
/// <c>segment.entered</c> / <c>segment.exited</c>: a new segment's members form a silent baseline;
/// from then on every entry and exit — from tag and field changes, deletions, query changes and
/// time passing — is delivered once, signed, and listed in the change log.
/// </summary>
public abstract class SegmentMembershipEventsTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private static readonly string[] MembershipEvents = ["segment.entered", "segment.exited"];

    [Fact]
    public async Task Entries_and_exits_are_announced_after_a_silent_baseline()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        var endpoint = await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = MembershipEvents }, HttpStatusCode.Created);
        await api.CreateTagAsync("vip");
        var early = await api.UpsertCustomerAsync("early");
        var late = await api.UpsertCustomerAsync("late");
        await api.ChangeTagsAsync(early.Str("id"), add: ["vip"]);
        var segment = await api.PostAsync("/v1/segments", new { key = "vips", name = "VIPs", query = "tag = 'vip'" }, HttpStatusCode.Created);
        await BaselineWrittenAsync(api, "vips");

        await api.ChangeTagsAsync(late.Str("id"), add: ["vip"]);
        var entered = await receiver.WaitForAsync(r => Is(r, "segment.entered", "late"));
        Assert.True(StandardWebhookVerifier.Verify(endpoint.Str("secret"), entered, Factory.Clock.GetUtcNow()));
        var data = JsonNode.Parse(entered.Body)!["data"]!;
        Assert.Equal(segment.Str("id"), data["segment"]!.Str("id"));
        Assert.Equal("vips", data["segment"]!.Str("key"));
        Assert.Equal(late.Str("id"), data["customer"]!.Str("id"));
        Assert.Equal("change", data.Str("trigger"));

        await api.ChangeTagsAsync(early.Str("id"), remove: ["vip"]);
        await receiver.WaitForAsync(r => Is(r, "segment.exited", "early"));
        await api.DeleteAsync($"/v1/customers/{late.Str("id")}");
        var gone = await receiver.WaitForAsync(r => r.Body.Contains("segment.exited", StringComparison.Ordinal) && r.Body.Contains(late.Str("id"), StringComparison.Ordinal));

        // The baseline announced nothing: "early" was a member before the segment's first projection.
        Assert.DoesNotContain(receiver.Received, r => Is(r, "segment.entered", "early"));
        Assert.Single(receiver.Received, r => Is(r, "segment.entered", "late"));
        var listed = await api.GetAsync("/v1/events?type=segment.exited");
        Assert.Contains(listed["data"]!.AsArray(), e => e!.Str("id") == gone.Id);
        Assert.Empty(await MembersAsync(api, "vips"));
    }

    [Fact]
    public async Task A_window_segment_lets_customers_go_as_time_passes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = MembershipEvents }, HttpStatusCode.Created);
        await api.UpsertCustomerAsync("fan");
        await api.PostAsync("/v1/segments", new { key = "active_week", name = "Active this week", query = "count(interaction, 7d) >= 1" }, HttpStatusCode.Created);
        await BaselineWrittenAsync(api, "active_week");

        await api.PostAsync("/v1/activities", new { customerExternalId = "fan", type = "interaction", occurredAt = Factory.Clock.GetUtcNow().UtcDateTime }, HttpStatusCode.Created);
        await receiver.WaitForAsync(r => Is(r, "segment.entered", "fan"));

        Factory.Clock.Advance(TimeSpan.FromDays(8));
        var exited = await receiver.WaitForAsync(r => Is(r, "segment.exited", "fan"));
        Assert.Equal("scheduled", JsonNode.Parse(exited.Body)!["data"]!.Str("trigger"));
        await api.RefreshTokenAsync();
        Assert.Empty(await MembersAsync(api, "active_week"));
    }

    [Fact]
    public async Task Changing_the_query_announces_exactly_the_difference()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = MembershipEvents }, HttpStatusCode.Created);
        await api.CreateTagAsync("a");
        await api.CreateTagAsync("b");
        var onlyA = await api.UpsertCustomerAsync("only-a");
        var both = await api.UpsertCustomerAsync("both");
        var onlyB = await api.UpsertCustomerAsync("only-b");
        await api.ChangeTagsAsync(onlyA.Str("id"), add: ["a"]);
        await api.ChangeTagsAsync(both.Str("id"), add: ["a", "b"]);
        await api.ChangeTagsAsync(onlyB.Str("id"), add: ["b"]);
        await api.PostAsync("/v1/segments", new { key = "seg", name = "Seg", query = "tag = 'a'" }, HttpStatusCode.Created);
        await BaselineWrittenAsync(api, "seg");

        await api.PatchAsync("/v1/segments/seg", new { query = "tag = 'b'" });
        var entered = await receiver.WaitForAsync(r => Is(r, "segment.entered", "only-b"));
        await receiver.WaitForAsync(r => Is(r, "segment.exited", "only-a"));
        Assert.Equal("definition", JsonNode.Parse(entered.Body)!["data"]!.Str("trigger"));
        await Eventually.WaitForAsync(() => MembersAsync(api, "seg"), m => m.SetEquals([onlyB.Str("id"), both.Str("id")]));
        Assert.DoesNotContain(receiver.Received, r => r.Body.Contains("\"both\"", StringComparison.Ordinal));
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task Redefining_a_segment_re_projects_the_segments_that_name_it_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = MembershipEvents }, HttpStatusCode.Created);
        await api.CreateTagAsync("a");
        await api.CreateTagAsync("b");
        var onlyA = await api.UpsertCustomerAsync("only-a");
        var onlyB = await api.UpsertCustomerAsync("only-b");
        await api.ChangeTagsAsync(onlyA.Str("id"), add: ["a"]);
        await api.ChangeTagsAsync(onlyB.Str("id"), add: ["b"]);
        await api.PostAsync("/v1/segments", new { key = "inner", name = "Inner", query = "tag = 'a'" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/segments", new { key = "middle", name = "Middle", query = "segment = 'inner'" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/segments", new { key = "outer", name = "Outer", query = "segment = 'middle'" }, HttpStatusCode.Created);
        foreach (var key in new[] { "inner", "middle", "outer" })
        {
            await BaselineWrittenAsync(api, key);
        }

        await api.PatchAsync("/v1/segments/inner", new { query = "tag = 'b'" });

        // Each of the three announces the same swap, as a definition change — not left for the periodic refresh.
        foreach (var key in new[] { "inner", "middle", "outer" })
        {
            var entered = await receiver.WaitForAsync(r => Is(r, "segment.entered", "only-b") && In(r, key));
            await receiver.WaitForAsync(r => Is(r, "segment.exited", "only-a") && In(r, key));
            Assert.Equal("definition", JsonNode.Parse(entered.Body)!["data"]!.Str("trigger"));
            await Eventually.WaitForAsync(() => MembersAsync(api, key), m => m.SetEquals([onlyB.Str("id")]));
        }

        Assert.Equal(6, receiver.Received.Count);
    }

    [Fact]
    public async Task Moving_a_tag_in_the_hierarchy_re_projects_segments_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = MembershipEvents }, HttpStatusCode.Created);
        await api.CreateTagAsync("electronics");
        await api.CreateTagAsync("phones");
        var buyer = await api.UpsertCustomerAsync("buyer");
        await api.ChangeTagsAsync(buyer.Str("id"), add: ["phones"]);
        await api.PostAsync("/v1/segments", new { key = "electronics_buyers", name = "Electronics buyers", query = "tag UNDER 'electronics'" }, HttpStatusCode.Created);
        await BaselineWrittenAsync(api, "electronics_buyers");

        await api.PatchAsync("/v1/tags/phones", new { parent = "electronics" });
        var entered = await receiver.WaitForAsync(r => Is(r, "segment.entered", "buyer"));
        Assert.Equal("definition", JsonNode.Parse(entered.Body)!["data"]!.Str("trigger"));
        await api.PatchAsync("/v1/tags/phones", new { parent = (string?)null });
        await receiver.WaitForAsync(r => Is(r, "segment.exited", "buyer"));
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task A_rebuilt_index_continues_from_the_stored_members_and_concurrent_runs_announce_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = MembershipEvents }, HttpStatusCode.Created);
        await api.CreateTagAsync("x");
        var customers = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            customers.Add((await api.UpsertCustomerAsync($"c{i}")).Str("id"));
        }

        await api.PostAsync("/v1/segments", new { key = "xs", name = "Xs", query = "tag = 'x'" }, HttpStatusCode.Created);
        await BaselineWrittenAsync(api, "xs");
        await api.PostAsync("/v1/tag-assignments", new { add = customers.Take(20).Select(c => new { customer = c, tag = "x" }).ToArray() });
        await Eventually.WaitForAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 20);

        // As after a restart: the index numbers customers anew and the projector's memory is gone.
        Factory.Services.GetRequiredService<SegmentEngine>().Evict(api.TenantId);
        await api.PostAsync("/v1/tag-assignments", new { add = customers.Skip(10).Select(c => new { customer = c, tag = "x" }).ToArray() });
        Assert.True(PublicId.TryDecode(IdPrefixes.Segment, (await api.GetAsync("/v1/segments/xs")).Str("id"), out var segmentId));
        // Four full runs race each other and the background projector; the lease lets one write at a time.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Factory.InTenantAsync(api.TenantId,
            services => services.GetRequiredService<MembershipProjector>().ProjectAsync(segmentId, customerIds: null, CancellationToken.None))));

        await Eventually.WaitForAsync(() => MembersAsync(api, "xs"), m => m.Count == 30);
        await Eventually.WaitForAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 30, TimeSpan.FromSeconds(5));
        Assert.Equal(30, receiver.Received.Count);
        Assert.Equal(30, receiver.Received.Select(r => JsonNode.Parse(r.Body)!["data"]!["customer"]!.Str("id")).Distinct().Count());
        Assert.All(receiver.Received, r => Assert.Contains("segment.entered", r.Body, StringComparison.Ordinal));
    }

    private static bool In(ReceivedWebhook webhook, string segmentKey) =>
        JsonNode.Parse(webhook.Body)!["data"]!["segment"]!.Str("key") == segmentKey;

    private static bool Is(ReceivedWebhook webhook, string type, string externalId) =>
        webhook.Body.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal) && webhook.Body.Contains($"\"externalId\":\"{externalId}\"", StringComparison.Ordinal);

    private Task BaselineWrittenAsync(TenantSession api, string key) => SegmentBaselines.WrittenAsync(Factory, api, key);

    private Task<HashSet<string>> MembersAsync(TenantSession api, string key) =>
        Factory.InTenantAsync(api.TenantId, async services =>
        {
            var db = services.GetRequiredService<TagApiDbContext>();
            var ids = await db.SegmentMembers.AsNoTracking().Where(m => db.Segments.Any(s => s.Key == key && s.Id == m.SegmentId)).Select(m => m.CustomerId).ToListAsync();
            return ids.Select(id => PublicId.Encode(IdPrefixes.Customer, id)).ToHashSet();
        });
}

public sealed class SegmentMembershipEventsOnSqlite(SqliteTagApiFactory factory) : SegmentMembershipEventsTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class SegmentMembershipEventsOnPostgres(PostgresTagApiFactory factory) : SegmentMembershipEventsTests(factory), IClassFixture<PostgresTagApiFactory>;
