using TagApi.Core.Webhooks;
using TagApi.Core.Webhooks.Payloads;

namespace TagApi.Core.Tests.Webhooks;

/// <summary>
/// Receivers parse the <c>data</c> of every event; its JSON is a contract. These pin the exact text each payload
/// record produces — member names and order, casing, nulls written, escaping — so a change to a record shows here.
/// </summary>
public sealed class EventPayloadShapeTests
{
    [Fact]
    public void Every_event_type_has_a_data_record()
    {
        Assert.All(EventTypes.All.Append(EventTypes.WebhookEndpointTest), type => Assert.True(EventDataJson.DataTypes.ContainsKey(type), type));
        Assert.Equal(EventTypes.All.Count + 1, EventDataJson.DataTypes.Count);
    }

    [Fact]
    public void Customer_events_carry_the_customer_its_version_and_the_changed_fields()
    {
        Assert.Equal(
            """{"customer":{"id":"cus_1","externalId":"shop-1"},"version":3,"changed":["name","email"]}""",
            EventDataJson.Serialize(new CustomerEventData(new CustomerReference("cus_1", "shop-1"), 3, ["name", "email"])));
        Assert.Equal(
            """{"customer":{"id":"cus_1","externalId":"shop-1"},"version":1,"changed":[]}""",
            EventDataJson.Serialize(new CustomerEventData(new CustomerReference("cus_1", "shop-1"), 1, [])));
    }

    [Fact]
    public void Customer_tag_events_write_unknown_members_as_null()
    {
        Assert.Equal(
            """{"customer":{"id":"cus_1","externalId":null},"tags":[{"id":"tag_1","key":"vip","action":"added","reason":null},{"id":"tag_2","key":"\u9AD8","action":"added","reason":"why"}],"source":"manual","sourceRef":null,"version":null}""",
            EventDataJson.Serialize(new CustomerTagsChangedData(
                new CustomerReference("cus_1", null), [new TagChangeData("tag_1", "vip", "added", null), new TagChangeData("tag_2", "高", "added", "why")], "manual", null, null)));
        Assert.Equal(
            """{"customer":{"id":"cus_1","externalId":"a\u0026b"},"tags":[{"id":"tag_1","key":"vip","action":"removed","reason":null}],"source":"rule","sourceRef":"vip_rule","version":7}""",
            EventDataJson.Serialize(new CustomerTagsChangedData(
                new CustomerReference("cus_1", "a&b"), [new TagChangeData("tag_1", "vip", "removed", null)], "rule", "vip_rule", 7)));
    }

    [Fact]
    public void Tag_events_name_the_tag_and_where_it_was_merged()
    {
        Assert.Equal(
            """{"tag":{"id":"tag_1","key":"vip","name":"\u9AD8\u4EF7\u503C"},"into":null}""",
            EventDataJson.Serialize(new TagEventData(new TagReference("tag_1", "vip", "高价值"), null)));
        Assert.Equal(
            """{"tag":{"id":"tag_1","key":"vip","name":"V"},"into":{"id":"tag_2"}}""",
            EventDataJson.Serialize(new TagEventData(new TagReference("tag_1", "vip", "V"), new IdReference("tag_2"))));
    }

    [Fact]
    public void Segment_rule_and_endpoint_events_keep_their_shapes()
    {
        Assert.Equal(
            """{"segment":{"id":"seg_1","key":"big"},"customer":{"id":"cus_1","externalId":"shop-1"},"trigger":"customer"}""",
            EventDataJson.Serialize(new SegmentMembershipData(new SegmentReference("seg_1", "big"), new CustomerReference("cus_1", "shop-1"), "customer")));
        Assert.Equal(
            """{"rule":{"id":"rul_1","key":null},"version":2,"trigger":"manual","added":1,"removed":0,"matched":5,"durationMs":12.5,"error":"boom"}""",
            EventDataJson.Serialize(new RuleRunCompletedData(new RuleReference("rul_1", null), 2, "manual", 1, 0, 5, 12.5, "boom")));
        Assert.Equal(
            """{"rule":{"id":"rul_1","key":"r"},"version":2,"trigger":"scheduled","added":0,"removed":0,"matched":0,"durationMs":12,"error":null}""",
            EventDataJson.Serialize(new RuleRunCompletedData(new RuleReference("rul_1", "r"), 2, "scheduled", 0, 0, 0, 12.0, null)));
        Assert.Equal(
            """{"endpoint":{"id":"whe_1","url":"https://x.example/hook"},"reason":"The receiver answered 410 Gone."}""",
            EventDataJson.Serialize(new WebhookEndpointDisabledData(new EndpointReference("whe_1", "https://x.example/hook"), "The receiver answered 410 Gone.")));
        Assert.Equal("""{"endpoint":{"id":"whe_1"}}""", EventDataJson.Serialize(new WebhookEndpointTestData(new IdReference("whe_1"))));
    }
}
