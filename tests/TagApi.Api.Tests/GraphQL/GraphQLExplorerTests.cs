using System.Net;
using System.Text.RegularExpressions;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>GraphiQL at /graphql/ui: served without a token, from embedded assets only, nothing fetched from elsewhere.</summary>
public sealed partial class GraphQLExplorerTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    // Hosts a bundled page would reach for if it were not self-contained.
    private static readonly string[] CdnHosts = ["unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "fonts.googleapis.com", "esm.sh"];

    [Fact]
    public async Task The_page_is_served_without_a_token_and_points_at_graphql()
    {
        using var anonymous = factory.CreateClient();
        var page = await anonymous.GetAsync("/graphql/ui");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("graphiql.min.js", html, StringComparison.Ordinal);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);

        var script = await (await anonymous.GetAsync("/graphql/ui/explorer.js")).Content.ReadAsStringAsync();
        Assert.Contains("fetch('/graphql'", script, StringComparison.Ordinal);
        Assert.Contains("Authorization", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_asset_the_page_names_is_served_with_its_content_type_and_nothing_is_external()
    {
        using var anonymous = factory.CreateClient();
        var html = await anonymous.GetStringAsync("/graphql/ui");
        var references = Reference().Matches(html).Select(m => m.Groups["url"].Value).ToList();

        Assert.Contains("/graphql/ui/graphiql.min.js", references);
        Assert.Contains("/graphql/ui/react.production.min.js", references);
        Assert.Contains("/graphql/ui/react-dom.production.min.js", references);
        Assert.Contains("/graphql/ui/graphiql.min.css", references);
        foreach (var url in references)
        {
            Assert.StartsWith("/graphql/ui/", url, StringComparison.Ordinal);
            var asset = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            var expected = url.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/css";
            Assert.Equal(expected, asset.Content.Headers.ContentType!.MediaType);
            var text = await asset.Content.ReadAsStringAsync();
            Assert.True(text.Length > 100, $"{url} is nearly empty");
            Assert.DoesNotContain(CdnHosts, host => text.Contains(host, StringComparison.OrdinalIgnoreCase));
            if (expected == "text/css")
            {
                Assert.DoesNotMatch(ExternalCss(), text);
            }
        }
    }

    [Fact]
    public async Task Assets_revalidate_by_etag_and_unknown_files_are_not_found()
    {
        using var anonymous = factory.CreateClient();
        var first = await anonymous.GetAsync("/graphql/ui/graphiql.min.css");
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/graphql/ui/graphiql.min.css");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/graphql/ui/versions.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/graphql/ui/..%2Fappsettings.json")).StatusCode);
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex Reference();

    [GeneratedRegex(@"url\(\s*['""]?(?:https?:)?//|@import", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalCss();
}
