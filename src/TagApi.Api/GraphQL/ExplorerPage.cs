using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace TagApi.Api.GraphQL;

/// <summary>
/// GraphiQL at <c>/graphql/ui</c>, served from assets embedded in the build (see
/// <c>scripts/build-graphiql.sh</c>), so the explorer works on a machine without internet. A
/// content security policy limits the page to this origin, which also proves it loads nothing else.
/// </summary>
public static class ExplorerPage
{
    private const string Prefix = "TagApi.Api.GraphQL.Explorer.";
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary();

    // Loaded once: a few megabytes at most, and every request then costs a copy from memory.
    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    public static IEndpointRouteBuilder MapExplorer(this IEndpointRouteBuilder app)
    {
        app.MapGet("/graphql/ui", (HttpContext http) => WriteAsync(http, "index.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/graphql/ui/{file}", (HttpContext http, string file) => WriteAsync(http, file)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task WriteAsync(HttpContext http, string file)
    {
        if (!Assets.Value.TryGetValue(file, out var asset))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        // The page is small and names the assets; revalidating it picks up a new build's assets.
        headers.CacheControl = file == "index.html" ? "no-cache" : "public, max-age=3600";
        headers.XContentTypeOptions = "nosniff";
        if (file == "index.html")
        {
            headers.ContentSecurityPolicy = Policy;
        }

        if (http.Request.Headers.IfNoneMatch == asset.ETag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = asset.ContentType;
        http.Response.ContentLength = asset.Bytes.Length;
        await http.Response.Body.WriteAsync(asset.Bytes, http.RequestAborted);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(ExplorerPage).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var file = name[Prefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(file), out var contentType))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8))}\"").ToString();
            assets[file] = new Asset(bytes, contentType, etag);
        }

        return assets.Count > 0 ? assets.ToFrozenDictionary(StringComparer.Ordinal) : throw new InvalidOperationException("The GraphQL explorer's assets are missing from the build.");
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
