using System.Net;
using System.Net.Sockets;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Tests.Webhooks;

public sealed class WebhookDestinationRulesTests
{
    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Public_addresses_are_allowed(string address) => Assert.Null(WebhookAddressRules.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.10.1", "private")]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("169.254.0.1", "link-local")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("169.254.170.2", "metadata")]
    [InlineData("100.100.100.200", "metadata")]
    [InlineData("168.63.129.16", "cloud platform")]
    [InlineData("192.0.0.8", "reserved")]
    [InlineData("192.0.2.1", "documentation")]
    [InlineData("198.51.100.1", "documentation")]
    [InlineData("203.0.113.1", "documentation")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "metadata")]
    [InlineData("::ffff:0:10.0.0.1", "private")]
    [InlineData("::10.0.0.1", "private")]
    [InlineData("::8.8.8.8", "IPv4-compatible")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("64:ff9b:1::1", "reserved")]
    [InlineData("2002:a00:1::1", "private")]
    [InlineData("2001::1", "reserved")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("3fff::1", "documentation")]
    [InlineData("fd00:ec2::254", "metadata")]
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fe80::1%2", "link-local")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("100::1", "reserved")]
    public void Inside_and_special_addresses_are_refused(string address, string kind) =>
        Assert.Contains(kind, WebhookAddressRules.Refusal(IPAddress.Parse(address)), StringComparison.Ordinal);

    [Theory]
    [InlineData("https://localhost/x", "loopback")]
    [InlineData("https://LOCALHOST./x", "loopback")]
    [InlineData("https://api.localhost/x", "loopback")]
    [InlineData("https://metadata.google.internal/x", "metadata")]
    [InlineData("https://db.internal/x", ".internal")]
    [InlineData("https://nas.home.arpa/x", "home networks")]
    [InlineData("https://hookhost/x", "single-label")]
    [InlineData("https://0x7f000001/x", "loopback")]
    [InlineData("https://2130706433/x", "loopback")]
    [InlineData("https://0177.0.0.1/x", "loopback")]
    [InlineData("https://[::ffff:7f00:1]/x", "loopback")]
    [InlineData("https://user:pw@hooks.example.com/x", "credentials")]
    public void Reserved_names_and_numeric_spellings_are_refused_without_a_lookup(string url, string why)
    {
        var dns = new TableResolver();
        Assert.Contains(why, new WebhookUrlPolicy(false, dns).CheckUrl(url), StringComparison.Ordinal);
        Assert.Equal(0, dns.Lookups);
    }

    [Fact]
    public async Task A_name_is_refused_when_any_of_its_addresses_is_inside()
    {
        var dns = new TableResolver { ["hooks.example.com"] = [IPAddress.Parse("93.184.215.14")], ["mixed.example.com"] = [IPAddress.Parse("93.184.215.14"), IPAddress.Parse("10.9.8.7")] };
        var policy = new WebhookUrlPolicy(false, dns);

        Assert.Null(await policy.CheckUrlAsync("https://hooks.example.com/x", CancellationToken.None));
        Assert.Contains("resolves to 10.9.8.7, a private address", await policy.CheckUrlAsync("https://mixed.example.com/x", CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("could not be resolved", await policy.CheckUrlAsync("https://nowhere.example.com/x", CancellationToken.None), StringComparison.Ordinal);
        Assert.Null(await new WebhookUrlPolicy(true, dns).CheckUrlAsync("http://localhost:5000/x", CancellationToken.None));
    }

    [Fact]
    public async Task The_client_checks_the_answer_it_connects_with()
    {
        // Public when the endpoint was checked, loopback by the time the dispatcher connects.
        var dns = new TableResolver { ["rebind.example.com"] = [IPAddress.Loopback] };
        using var client = WebhookHttpClient.Create(new WebhookUrlPolicy(false, dns), TimeSpan.FromSeconds(5));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("https://rebind.example.com:9/x")));

        var refused = Assert.IsType<WebhookDestinationRefusedException>(failure.InnerException);
        Assert.Contains("resolves to 127.0.0.1, a loopback address", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, dns.Lookups);
    }

    private sealed class TableResolver : Dictionary<string, IPAddress[]>, IWebhookHostResolver
    {
        public int Lookups { get; private set; }

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
        {
            Lookups++;
            return TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);
        }
    }
}
