using TagApi.Client.Tests.Infrastructure;

namespace TagApi.Client.Tests.Retries;

[Collection(LiveServerCollection.Name)]
public sealed class DroppedAnswerRetryTests(LiveServer server)
{
    [Fact]
    public async Task A_write_whose_answer_was_lost_is_retried_with_its_key_and_applied_once()
    {
        var wire = new RecordingHandler();
        var dropper = new DropFirstAnswerHandler(r => r.Method == HttpMethod.Post && r.RequestUri!.AbsolutePath == "/v1/tags", wire);
        var api = TagApiClient.Create(await server.CreateTenantAsync(), dropper);

        var tag = await api.CreateTagAsync(new CreateTagRequest { Key = "once_only", Name = "Once only" });

        Assert.Equal(1, dropper.Dropped);
        var attempts = wire.To(HttpMethod.Post, "/v1/tags");
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[0].IdempotencyKey, attempts[1].IdempotencyKey);
        Assert.Equal((201, false), (attempts[0].Status, attempts[0].Replayed));
        Assert.Equal((201, true), (attempts[1].Status, attempts[1].Replayed));
        Assert.Equal(tag.Id, Assert.Single(await api.ListAllTagsAsync(q: "once_only").ToListAsync()).Id);
        var created = await api.ListAllEventsAsync(type: "tag.created").ToListAsync();
        Assert.Single(created);
    }

    [Fact]
    public async Task A_batch_of_activities_whose_answer_was_lost_is_recorded_once()
    {
        var dropper = new DropFirstAnswerHandler(r => r.RequestUri!.AbsolutePath == "/v1/activities/batch", new SocketsHttpHandler());
        var api = TagApiClient.Create(await server.CreateTenantAsync(), dropper);
        await api.UpsertCustomerAsync("buyer-1", new CustomerInput { Name = "Buyer" });

        var result = await api.RecordActivitiesAsync(new RecordActivitiesRequest
        {
            Activities = [new ActivityItemRequest { CustomerExternalId = "buyer-1", Type = "purchase", Amount = 120 }],
        });

        Assert.Equal(1, dropper.Dropped);
        Assert.Equal(1, result.Recorded);
        var spent = await api.QuerySegmentAsync(new SegmentQueryRequest { Query = "count(purchase, 30d) = 1" });
        Assert.Equal(1, spent.Count);
    }
}
