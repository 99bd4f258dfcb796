using System.Security.Cryptography;

namespace TagApi.Api.Idempotency;

/// <summary>
/// Seals stored response bodies (AES-256-GCM, a key derived from the server's keys): a body may carry a secret shown
/// once — a new API client's secret, which the database otherwise keeps only hashed — and must not lie readable in the
/// idempotency table for a day. Every instance derives the same key, so any of them can replay.
/// </summary>
public sealed class OutcomeProtector(byte[] key)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public byte[] Protect(byte[] body)
    {
        var sealedBody = new byte[NonceSize + TagSize + body.Length];
        var nonce = sealedBody.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, body, sealedBody.AsSpan(NonceSize + TagSize), sealedBody.AsSpan(NonceSize, TagSize));
        return sealedBody;
    }

    /// <summary>The body; null when it was sealed with another key (the server's keys changed since).</summary>
    public byte[]? Unprotect(byte[] sealedBody)
    {
        if (sealedBody.Length < NonceSize + TagSize)
        {
            return null;
        }

        var body = new byte[sealedBody.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(sealedBody.AsSpan(0, NonceSize), sealedBody.AsSpan(NonceSize + TagSize), sealedBody.AsSpan(NonceSize, TagSize), body);
            return body;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
