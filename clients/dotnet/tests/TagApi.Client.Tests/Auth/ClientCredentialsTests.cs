using TagApi.Client.Tests.Infrastructure;

namespace TagApi.Client.Tests.Auth;

[Collection(LiveServerCollection.Name)]
public sealed class ClientCredentialsTests(LiveServer server)
{
    [Fact]
    public async Task Concurrent_first_calls_share_one_token_request()
    {
        var wire = new RecordingHandler();
        var api = TagApiClient.Create(await server.CreateTenantAsync(), wire);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => api.ListTagsAsync()));

        Assert.Single(wire.To(HttpMethod.Post, "/connect/token"));
        Assert.Equal(12, wire.To(HttpMethod.Get, "/v1/tags").Count(a => a.Status == 200));
    }

    [Fact]
    public async Task A_token_is_replaced_shortly_before_it_expires_and_not_sooner()
    {
        var clock = new ManualClock();
        var options = await server.CreateTenantAsync();
        options.TimeProvider = clock;
        var wire = new RecordingHandler();
        var api = TagApiClient.Create(options, wire);

        await api.ListTagsAsync();
        clock.Advance(TimeSpan.FromMinutes(50));
        await api.ListTagsAsync();
        Assert.Single(wire.To(HttpMethod.Post, "/connect/token"));

        clock.Advance(TimeSpan.FromMinutes(8)); // 58 of 60 minutes: inside the two-minute margin.
        await api.ListTagsAsync();
        Assert.Equal(2, wire.To(HttpMethod.Post, "/connect/token").Count);
    }

    [Fact]
    public async Task A_wrong_secret_is_a_typed_problem_with_the_oauth_error()
    {
        var options = await server.CreateTenantAsync();
        options.ClientSecret = "tas_wrong";
        var api = TagApiClient.Create(options);

        var problem = await Assert.ThrowsAsync<TagApiProblemException>(() => api.ListTagsAsync());

        Assert.Equal("invalid_client", problem.Code);
        Assert.InRange(problem.Status, 400, 401);
    }
}
