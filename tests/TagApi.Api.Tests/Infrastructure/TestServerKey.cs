using System.Security.Cryptography;
using TagApi.Api.Auth;
using TagApi.Core.Common;

namespace TagApi.Api.Tests.Infrastructure;

/// <summary>
/// The one server key of the test deployment: every in-process host and every child server process the tests start
/// sign with it, so public ids mean the same in all of them and in the test process itself, which reads rows straight
/// from the database and names them by their public ids.
/// </summary>
internal static class TestServerKey
{
    public static string Pem { get; } = Create();

    /// <summary>Keys this process's public ids as a host with <see cref="Pem"/> does (a no-op once keyed alike).</summary>
    public static void KeyPublicIds() =>
        PublicId.UseKey(ServerKeys.Load(new AuthOptions { SigningKey = Pem }, AppContext.BaseDirectory).DeriveKey("public-ids"));

    private static string Create()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }
}
