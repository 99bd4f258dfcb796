using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;

namespace TagApi.Api.Tests.Infrastructure;

/// <summary>
/// Headless Chromium from Debian's <c>chromium</c> package (never a browser Playwright downloads), driven by
/// Playwright. Every page it opens may reach loopback only: a request to any other host is recorded in the
/// list the page was opened with and aborted, so a page that would phone home fails its test instead of leaking.
/// <c>scripts/test.sh</c> installs the package when it is absent; <c>TAGAPI_CHROMIUM</c> names another binary.
/// </summary>
public sealed class LoopbackBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("TAGAPI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where screenshots go: <c>TAGAPI_TEST_RESULTS</c> (the test command's results folder), else TestResults beside the tests.</summary>
    public static string ResultsDirectory =>
        Environment.GetEnvironmentVariable("TAGAPI_TEST_RESULTS") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "TestResults");

    public async Task InitializeAsync()
    {
        // Fail, never skip: a missing browser must not pass as a green run.
        Assert.True(File.Exists(ExecutablePath),
            $"Chromium not found at {ExecutablePath}: install Debian's package (apt-get install chromium; scripts/test.sh does it) or set TAGAPI_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Chromium's sandbox cannot start as root (CI runs as root), and a container's small /dev/shm
            // crashes its renderers; the pages are our own, so neither costs anything here.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A page in a fresh context (own storage) that may reach loopback only; <paramref name="outside"/> collects what it tried beyond.</summary>
    public async Task<IPage> NewPageAsync(ConcurrentQueue<string> outside)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await context.RouteAsync("**/*", async route =>
        {
            if (IsLoopback(route.Request.Url))
            {
                await route.ContinueAsync();
                return;
            }

            outside.Enqueue(route.Request.Method + " " + route.Request.Url);
            await route.AbortAsync("blockedbyclient");
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Saves a screenshot of the window into the results folder and returns its path; with <paramref name="scrollTo"/>
    /// on the page, scrolled so that it starts at the top (the answer to a request on a long reference page, say).
    /// </summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, ILocator? scrollTo = null)
    {
        var path = Path.Combine(ResultsDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (scrollTo is not null && await scrollTo.CountAsync() == 1)
        {
            await scrollTo.EvaluateAsync("element => element.scrollIntoView({ block: 'start' })");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }

    public static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme is "data" or "blob" or "about" || uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
