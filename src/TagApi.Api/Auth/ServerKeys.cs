using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace TagApi.Api.Auth;

/// <summary>
/// The server's secret material: the RSA key that signs access tokens, and keys derived from it
/// (cursor signing). Every instance behind one database must share it, so it comes from
/// configuration (<see cref="AuthOptions.SigningKey"/> as PEM) or a PEM file
/// (<see cref="AuthOptions.SigningKeyPath"/>, created on first start when missing).
/// </summary>
public sealed class ServerKeys
{
    private readonly byte[] _material;

    private ServerKeys(RSA rsa)
    {
        SigningKey = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportRSAPublicKey()))[..16] };
        _material = rsa.ExportPkcs8PrivateKey();
    }

    public RsaSecurityKey SigningKey { get; }

    /// <summary>A 256-bit key for one purpose, derived so no two purposes share a key.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _material, 32, info: System.Text.Encoding.UTF8.GetBytes("tagapi:" + purpose));

    public static ServerKeys Load(AuthOptions options, string contentRoot)
    {
        var rsa = RSA.Create();
        var pem = options.SigningKey;
        if (!string.IsNullOrWhiteSpace(pem))
        {
            rsa.ImportFromPem(pem);
            return new ServerKeys(rsa);
        }

        var path = Path.GetFullPath(options.SigningKeyPath, contentRoot);
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
            return new ServerKeys(rsa);
        }

        rsa.KeySize = 2048;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, file);
            writer.Write(rsa.ExportPkcs8PrivateKeyPem());
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs so both sign alike.
            rsa.ImportFromPem(File.ReadAllText(path));
        }

        return new ServerKeys(rsa);
    }
}
