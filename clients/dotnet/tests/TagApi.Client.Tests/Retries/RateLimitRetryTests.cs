using TagApi.Client.Tests.Infrastructure;

namespace TagApi.Client.Tests.Retries;

public sealed class RateLimitRetryTests(TightRateLimitServer server) : IClassFixture<TightRateLimitServer>
{
    [Fact]
    public async Task A_429_is_waited_out_as_Retry_After_says_and_the_call_succeeds()
    {
        var wire = new RecordingHandler();
        var options = await server.CreateTenantAsync();
        // At one token a second the last of the five gets its turn on its fourth attempt at the earliest, exactly the
        // default three retries: a scheduling hiccup of a millisecond would exhaust them. The test is about waiting as
        // Retry-After says, not about the default count, so it allows a few more.
        options.MaxRetries = 6;
        var api = TagApiClient.Create(options, wire);

        // More at once than the bucket holds (two), so some are refused whatever the machine's speed.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => api.ListTagsAsync()));

        var attempts = wire.To(HttpMethod.Get, "/v1/tags");
        Assert.Equal(5, attempts.Count(a => a.Status == 200));
        var limited = attempts.Where(a => a.Status == 429).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, a => Assert.NotNull(a.RetryAfter));
    }

    [Fact]
    public async Task A_write_keeps_one_idempotency_key_across_its_retries_and_each_write_has_its_own()
    {
        var wire = new RecordingHandler();
        var api = TagApiClient.Create(await server.CreateTenantAsync(), wire);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => api.CreateTagAsync(new CreateTagRequest { Key = $"limited_{i}", Name = $"Limited {i}" })));

        var attempts = wire.To(HttpMethod.Post, "/v1/tags");
        Assert.Contains(attempts, a => a.Status == 429);
        var calls = attempts.GroupBy(a => a.IdempotencyKey).ToList();
        Assert.Equal(4, calls.Count);
        Assert.All(calls, call =>
        {
            Assert.False(string.IsNullOrEmpty(call.Key));
            Assert.Equal(201, call.Last().Status);
            Assert.All(call.SkipLast(1), a => Assert.Equal(429, a.Status));
        });
    }

    [Fact]
    public async Task With_retries_spent_a_429_is_a_typed_problem_saying_how_long_to_wait()
    {
        var options = await server.CreateTenantAsync();
        options.MaxRetries = 0;
        var api = TagApiClient.Create(options);

        var problem = await Assert.ThrowsAsync<TagApiProblemException>(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await api.ListTagsAsync();
            }
        });

        Assert.Equal("rate_limited", problem.Code);
        Assert.Equal(429, problem.Status);
        Assert.NotNull(problem.RetryAfter);
    }
}
