using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TagApi.Api.Tests.Common;
using TagApi.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TagApi.Api.Tests.Docs;

/// <summary>
/// An integrator's first visit, in a real browser: the REST reference (<c>/docs</c>) and the GraphQL explorer
/// (<c>/graphql/ui</c>) of a live server on loopback, signed in with client credentials through each page's own
/// form, one request each. Screenshots go to the results folder; any request off loopback fails the test.
/// </summary>
public sealed partial class BrowsingTheDocsTests(KestrelSqliteFactory factory, LoopbackBrowser browser, ITestOutputHelper output)
    : IClassFixture<KestrelSqliteFactory>, IClassFixture<LoopbackBrowser>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_rest_reference_signs_in_with_client_credentials_and_lists_tags()
    {
        var api = await factory.CreateTenantAsync();
        await api.CreateTagAsync("browser_rest", name: "Seen in Swagger UI");
        var outside = new ConcurrentQueue<string>();
        var page = await browser.NewPageAsync(outside);
        var errors = Collect(page);
        var operation = page.Locator("#operations-Tags-ListTags");
        try
        {
            await page.GotoAsync(new Uri(factory.Address, "/docs/").ToString());
            await page.Locator(".auth-wrapper .authorize").ClickAsync(Click);
            var dialog = page.Locator(".modal-ux");
            await dialog.Locator("input[id^='client_id']").FillAsync(api.ClientId);
            await dialog.Locator("input[id^='client_secret']").FillAsync(api.ClientSecret);
            await dialog.Locator(".auth-btn-wrapper .authorize").ClickAsync(Click);
            // Swagger UI swaps Authorize for Logout once the token endpoint answered with a token.
            await dialog.Locator(".auth-btn-wrapper button", new() { HasText = "Logout" }).WaitForAsync(Visible);
            await dialog.Locator(".auth-btn-wrapper .btn-done").ClickAsync(Click);

            await operation.Locator(".opblock-summary").ClickAsync(Click);
            await operation.Locator(".try-out__btn").ClickAsync(Click);
            await operation.Locator(".execute").ClickAsync(Click);
            var status = operation.Locator(".live-responses-table .response .response-col_status");
            await status.WaitForAsync(Visible);
            var body = await operation.Locator(".live-responses-table .response-col_description pre").First.TextContentAsync(new() { Timeout = Milliseconds });

            Assert.Equal("200", (await status.TextContentAsync())?.Trim());
            var tags = JsonNode.Parse(body!)!["data"]!.AsArray();
            Assert.Contains(tags, t => t!["key"]!.GetValue<string>() == "browser_rest");
            Assert.Contains("Bearer ", await operation.Locator(".curl-command").TextContentAsync(), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine("screenshot: " + await LoopbackBrowser.ScreenshotAsync(page, "docs-rest-reference", operation.Locator(".responses-wrapper")));
            await page.Context.CloseAsync();
        }

        Assert.Empty(errors);
        Assert.Empty(outside);
    }

    [Fact]
    public async Task The_graphql_explorer_signs_in_with_client_credentials_and_runs_a_query()
    {
        var api = await factory.CreateTenantAsync();
        await api.CreateTagAsync("browser_graphql", name: "Seen in GraphiQL");
        var outside = new ConcurrentQueue<string>();
        var page = await browser.NewPageAsync(outside);
        var errors = Collect(page);
        try
        {
            await page.GotoAsync(new Uri(factory.Address, "/graphql/ui").ToString());
            await page.Locator(".graphiql-container").WaitForAsync(Visible);
            await page.FillAsync("#clientId", api.ClientId);
            await page.FillAsync("#clientSecret", api.ClientSecret);
            await page.ClickAsync("#signIn");
            await page.Locator("#signInStatus", new() { HasText = "token set" }).WaitForAsync(Visible);
            // Before sign-in GraphiQL's schema request went out without a token and was refused (401), as it should be.
            errors.Clear();
            await page.Locator(".graphiql-execute-button").ClickAsync(Click);
            // The starter query lists tags; the result pane shows the response GraphiQL got.
            await page.Locator(".result-window", new() { HasText = "browser_graphql" }).WaitForAsync(Visible);

            var result = await page.Locator(".result-window").TextContentAsync();
            Assert.Contains("\"data\"", result, StringComparison.Ordinal);
            Assert.Contains("Seen in GraphiQL", result, StringComparison.Ordinal);
            Assert.DoesNotContain("\"errors\"", result, StringComparison.Ordinal);

            // The schema GraphiQL fetched with the new token feeds its documentation explorer.
            await page.Locator("button[aria-label='Show Documentation Explorer']").ClickAsync(Click);
            await page.Locator(".graphiql-doc-explorer", new() { HasTextRegex = RootQueryType() }).WaitForAsync(Visible);
        }
        finally
        {
            output.WriteLine("screenshot: " + await LoopbackBrowser.ScreenshotAsync(page, "docs-graphql-explorer"));
            await page.Context.CloseAsync();
        }

        Assert.Empty(errors);
        Assert.Empty(outside);
    }

    [Fact]
    public async Task A_request_off_loopback_is_recorded_and_refused_before_it_leaves()
    {
        var outside = new ConcurrentQueue<string>();
        var page = await browser.NewPageAsync(outside);
        await page.GotoAsync(new Uri(factory.Address, "/healthz").ToString());

        // A reserved name (RFC 6761): were the guard broken, the request still could not reach anyone.
        var outcome = await page.EvaluateAsync<string>(
            "() => fetch('https://docs-guard.invalid/probe').then(() => 'answered', e => 'refused: ' + e.message)");

        await page.Context.CloseAsync();

        Assert.StartsWith("refused", outcome, StringComparison.Ordinal);
        Assert.Equal(["GET https://docs-guard.invalid/probe"], outside);
        Assert.True(LoopbackBrowser.IsLoopback(factory.Address.ToString()));
        Assert.All(["http://localhost:5080/docs", "http://127.0.0.2/", "http://[::1]:8080/"], url => Assert.True(LoopbackBrowser.IsLoopback(url), url));
        Assert.All(["http://10.0.0.1/", "https://unpkg.com/graphiql", "http://[2001:db8::1]/", "not a url"], url => Assert.False(LoopbackBrowser.IsLoopback(url), url));
    }

    private static float Milliseconds => (float)Patience.TotalMilliseconds;

    private static LocatorClickOptions Click => new() { Timeout = Milliseconds };

    private static LocatorWaitForOptions Visible => new() { State = WaitForSelectorState.Visible, Timeout = Milliseconds };

    [GeneratedRegex(@"query:\s*Query")]
    private static partial Regex RootQueryType();

    /// <summary>Script errors and failed responses the page ran into (a broken page can still render).</summary>
    private static List<string> Collect(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add("script error: " + message);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} from {response.Url}");
            }
        };
        return errors;
    }
}
