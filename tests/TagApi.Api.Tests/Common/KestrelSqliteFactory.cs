using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Common;

/// <summary>TagApi on a real Kestrel listener (loopback, any free port), for what the in-memory test server never sees.</summary>
public sealed class KestrelSqliteFactory : TagApiFactoryOnSqlite
{
    public KestrelSqliteFactory() => UseKestrel(0);

    /// <summary>The listener's address; starts the server.</summary>
    public Uri Address
    {
        get
        {
            using var client = CreateClient();
            return client.BaseAddress!;
        }
    }
}
