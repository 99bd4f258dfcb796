using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Common;

/// <summary>Requests Kestrel itself finds fault with still get a problem with a code.</summary>
public sealed class KestrelProblemTests(KestrelSqliteFactory factory) : IClassFixture<KestrelSqliteFactory>
{
    [Fact]
    public async Task A_uri_too_long_is_a_problem_with_a_code()
    {
        using var http = new HttpClient { BaseAddress = factory.Address };
        using var response = await http.GetAsync("/v1/tags?q=" + new string('a', 9000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("uri_too_long", JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Str("code"));
    }

    [Fact]
    public async Task A_body_kestrel_cannot_read_is_a_bad_request_problem()
    {
        var api = await factory.CreateTenantAsync();
        var token = api.Http.DefaultRequestHeaders.Authorization!.Parameter;
        var (status, body) = await SendRawAsync(
            $"POST /v1/tags HTTP/1.1\r\nHost: {factory.Address.Authority}\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{\"key\":\"a\"}\r\n0\r\n\r\n");
        Assert.Equal(400, status);
        Assert.Equal("bad_request", JsonNode.Parse(body)!.Str("code"));
    }

    private async Task<(int Status, string Body)> SendRawAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(factory.Address.Host, factory.Address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        // A chunked answer: the JSON sits between the first chunk-size line and the terminating chunk.
        var start = body.IndexOf('{', StringComparison.Ordinal);
        return (status, start < 0 ? "" : body[start..(body.LastIndexOf('}') + 1)]);
    }
}
