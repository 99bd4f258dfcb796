using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Cors;

/// <summary>TagApi that lets pages of one origin call it from a browser.</summary>
public sealed class BrowserOriginSqliteFactory : TagApiFactoryOnSqlite
{
    public const string Origin = "https://admin.example.com";

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Cors:AllowedOrigins:0", Origin)];
}
