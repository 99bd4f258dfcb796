using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using TagApi.Api.Auth;

namespace TagApi.Api.OpenApi;

/// <summary>
/// The document's <c>servers</c> entry and the absolute token URL. Behind a proxy the public
/// address is <c>Auth:Issuer</c> (the address tokens are issued for). Without it the server is
/// relative (<c>/</c>: wherever the document came from) and the token URL is built from the
/// address the document was requested through, so a local server describes itself.
/// </summary>
internal static class ServerAddress
{
    public static void Apply(OpenApiDocument document, HttpRequest request, AuthOptions auth)
    {
        var configured = auth.Issuer;
        var issuer = !string.IsNullOrWhiteSpace(configured) && Uri.TryCreate(configured, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/') : null;
        var server = issuer is null
            ? new OpenApiServer { Url = "/", Description = "local: the server this document was fetched from (no public address is configured)." }
            : new OpenApiServer { Url = issuer, Description = "production: the public address of this TagApi deployment (Auth:Issuer)." };
        server.Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal) { ["x-internal"] = new JsonNodeExtension(JsonValue.Create(false)) };
        document.Servers = [server];
        var token = new Uri((issuer ?? $"{request.Scheme}://{request.Host}{request.PathBase}") + TokenOperation.Path);
        if (document.Components?.SecuritySchemes is { } schemes && schemes.TryGetValue(OperationConventionsFilter.SchemeName, out var scheme)
            && scheme is OpenApiSecurityScheme { Flows.ClientCredentials: { } flow })
        {
            flow.TokenUrl = token;
            flow.RefreshUrl = token;
        }
    }
}
