using TagApi.Core.Webhooks;

namespace TagApi.Core.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    [Fact]
    public void The_standard_webhooks_test_vector_reproduces_exactly()
    {
        var signature = WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void During_rotation_both_secrets_sign()
    {
        var header = WebhookSigner.Header(["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", WebhookSigner.NewSecret()], "msg_1", 1, "{}");
        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1, "{}"), parts[0]);
        Assert.StartsWith("whsec_", WebhookSigner.NewSecret(), StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_back_off_exponentially_honour_retry_after_and_stop_after_three_days()
    {
        var created = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var random = new Random(1);
        var first = RetrySchedule.Next(1, created, created, null, random)!.Value - created;
        var fourth = RetrySchedule.Next(4, created, created, null, random)!.Value - created;
        Assert.InRange(first, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        Assert.InRange(fourth, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(170));
        Assert.Equal(TimeSpan.FromHours(1), RetrySchedule.Next(1, created, created, TimeSpan.FromHours(1), random)!.Value - created);
        Assert.InRange(RetrySchedule.Next(30, created, created, null, random)!.Value - created, TimeSpan.FromHours(4.7), TimeSpan.FromHours(7.3));
        Assert.Null(RetrySchedule.Next(30, created, created.AddDays(3), null, random));
    }

    [Theory]
    [InlineData("https://hooks.example.com/x", false, null)]
    [InlineData("http://hooks.example.com/x", false, "https")]
    [InlineData("https://127.0.0.1/x", false, "loopback")]
    [InlineData("https://10.1.2.3/x", false, "private")]
    [InlineData("https://169.254.169.254/latest", false, "metadata")]
    [InlineData("https://[::1]/x", false, "loopback")]
    [InlineData("ftp://x/y", false, "https")]
    [InlineData("http://127.0.0.1:5000/x", true, null)]
    public void Destinations_are_checked(string url, bool allowPrivate, string? problem)
    {
        var result = new WebhookUrlPolicy(allowPrivate).CheckUrl(url);
        if (problem is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(problem, result, StringComparison.Ordinal);
        }
    }
}
