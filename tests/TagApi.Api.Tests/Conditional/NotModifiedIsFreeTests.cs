using System.Net;
using TagApi.Api.Tests.Common;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Conditional;

/// <summary>A client polling with <c>If-None-Match</c> pays for changes only: a 304 takes no token from its bucket.</summary>
public sealed class NotModifiedIsFreeTests(TightRateLimitSqliteFactory factory) : IClassFixture<TightRateLimitSqliteFactory>
{
    [Fact]
    public async Task Reads_answered_304_are_not_charged_and_other_answers_are()
    {
        var api = await factory.CreateTenantAsync();
        var tag = await api.CreateTagAsync("polled");
        using var first = await api.Http.GetAsync($"/v1/tags/{tag.Str("id")}");
        var etag = first.Headers.ETag!.ToString();

        // The bucket holds 5; twelve polls answered 304 would empty it twice over if they were charged.
        var polls = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            using var poll = new HttpRequestMessage(HttpMethod.Get, $"/v1/tags/{tag.Str("id")}");
            poll.Headers.TryAddWithoutValidation("If-None-Match", etag);
            polls.Add(await api.Http.SendAsync(poll));
        }

        Assert.All(polls, p => Assert.Equal(HttpStatusCode.NotModified, p.StatusCode));
        Assert.All(polls, p => Assert.True(p.Headers.Contains("RateLimit")));

        // A conditional read that is answered in full is charged like any other.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var changed = new HttpRequestMessage(HttpMethod.Get, $"/v1/tags/{tag.Str("id")}");
            changed.Headers.TryAddWithoutValidation("If-None-Match", "\"another\"");
            using var response = await api.Http.SendAsync(changed);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        foreach (var poll in polls)
        {
            poll.Dispose();
        }
    }
}
