using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.Repositories;
using TagApi.Api.Auth;

namespace TagApi.Api.DataProtection;

/// <summary>
/// The Data Protection key ring, derived from the server key rather than generated and stored: one key whose id and
/// master key every node computes alike from <see cref="ServerKeys"/>, so all nodes of a deployment protect and unprotect
/// alike from their first second, with no key table, no propagation delay and no race between nodes creating the first
/// key. It is never written anywhere: the database holds only what the key encrypts. A node whose server key differs
/// computes another key id, and its unprotect fails as "key not found" rather than decrypting to garbage.
/// </summary>
public sealed class ServerKeyRing : IXmlRepository
{
    // A fixed activation long past and expiration far ahead: the key is always the default, and nothing ever asks the
    // ring for a new one (automatic key generation is off, see DataProtectionServices).
    private static readonly DateTimeOffset Created = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly XElement _key;

    public ServerKeyRing(ServerKeys keys)
    {
        KeyId = new Guid(keys.DeriveKey("data-protection:key-id").AsSpan(0, 16));
        var configuration = new AuthenticatedEncryptorConfiguration
        {
            EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM, ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
        };
        var descriptor = new AuthenticatedEncryptorDescriptor(configuration, new Secret(keys.DeriveKey("data-protection:master-key"))).ExportToXml();
        // The <key> element exactly as Data Protection's XmlKeyManager writes one.
        _key = new XElement("key",
            new XAttribute("id", KeyId),
            new XAttribute("version", 1),
            new XElement("creationDate", Created),
            new XElement("activationDate", Created),
            new XElement("expirationDate", Expires),
            new XElement("descriptor",
                new XAttribute("deserializerType", descriptor.DeserializerType.AssemblyQualifiedName!),
                descriptor.SerializedDescriptorElement));
    }

    /// <summary>The ring's one key, the same on every node sharing the server key.</summary>
    public Guid KeyId { get; }

    public IReadOnlyCollection<XElement> GetAllElements() => [new XElement(_key)];

    public void StoreElement(XElement element, string friendlyName) =>
        throw new NotSupportedException($"The Data Protection key ring is derived from the server key and is never stored ('{friendlyName}').");
}
