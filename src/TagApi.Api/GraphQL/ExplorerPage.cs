namespace TagApi.Api.GraphQL;

/// <summary>The GraphQL explorer at <c>/graphql/ui</c>: a self-contained page, no internet needed.</summary>
public static class ExplorerPage
{
    public static async Task WriteAsync(HttpContext http)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        await using var page = typeof(ExplorerPage).Assembly.GetManifestResourceStream("TagApi.Api.GraphQL.explorer.html")
            ?? throw new InvalidOperationException("The explorer page is missing from the build.");
        await page.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
