using System.Security.Cryptography;
using System.Text;
using TagApi.Core.Common;

namespace TagApi.Bench.Data;

/// <summary>
/// The run's server key: written to the scratch folder before the first TagApi process starts (the CLI and servers read
/// it from there, see <see cref="DatabaseTarget.Environment"/>), and used to key this process's public ids the way the
/// server keys its own, so ids the harness builds from database keys are the ids TagApi answers to.
/// </summary>
public static class BenchKeys
{
    // Child processes of the harness (W6's raw endpoint) inherit it through the environment.
    private const string Variable = "TAGAPI_BENCH_SIGNING_KEY_PATH";

    /// <summary>Creates the run's key in the scratch folder unless it exists, and keys public ids with it.</summary>
    public static void UseServerKey(string workDir)
    {
        var path = Path.Combine(workDir, "signing-key.pem");
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        }

        Environment.SetEnvironmentVariable(Variable, path);
        UseKeyFile(path);
    }

    /// <summary>In a child process: keys public ids with the key its parent run uses.</summary>
    public static void UseInheritedServerKey() =>
        UseKeyFile(Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException($"{Variable} is not set: run this from the harness."));

    private static void UseKeyFile(string path)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        // The derivation of ServerKeys.DeriveKey("public-ids") in src/TagApi.Api/Auth/ServerKeys.cs.
        PublicId.UseKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, rsa.ExportPkcs8PrivateKey(), 32, info: Encoding.UTF8.GetBytes("tagapi:public-ids")));
    }
}
