using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Which IP addresses a webhook may be sent to: public unicast only. Everything a request from inside the deployment
/// could reach but an outside party should not — loopback, private (RFC 1918, carrier-grade NAT, unique local),
/// link-local, unspecified, multicast, documentation and other special-purpose ranges, cloud metadata services — is
/// refused, including IPv4 addresses written in an IPv6 form (mapped, compatible, translated, NAT64, 6to4).
/// </summary>
public static class WebhookAddressRules
{
    // Cloud metadata and platform services. Most sit in ranges refused anyway; Azure's WireServer does not (a
    // public-looking address reachable only from inside Azure), and naming them all makes the refusal say so.
    private static readonly Dictionary<uint, string> MetadataV4 = new()
    {
        [0xA9FEA9FE] = "a cloud metadata address", // 169.254.169.254: AWS, GCP, Azure, OCI, DigitalOcean, …
        [0xA9FEAA02] = "a cloud metadata address", // 169.254.170.2: AWS ECS task metadata
        [0x646464C8] = "a cloud metadata address", // 100.100.100.200: Alibaba Cloud
        [0xA83F8110] = "a cloud platform address", // 168.63.129.16: Azure WireServer
    };

    private static readonly (uint Network, int Bits, string Kind)[] V4Ranges =
    [
        (0x00000000, 8, "an unspecified address"),
        (0x0A000000, 8, "a private address"),
        (0x64400000, 10, "a private (carrier-grade NAT) address"),
        (0x7F000000, 8, "a loopback address"),
        (0xA9FE0000, 16, "a link-local address"),
        (0xAC100000, 12, "a private address"),
        (0xC0000000, 24, "a reserved address"),
        (0xC0000200, 24, "a documentation address"),
        (0xC0586300, 24, "a reserved address"),
        (0xC0A80000, 16, "a private address"),
        (0xC6120000, 15, "a reserved (benchmarking) address"),
        (0xC6336400, 24, "a documentation address"),
        (0xCB007100, 24, "a documentation address"),
        (0xE0000000, 4, "a multicast address"),
        (0xF0000000, 4, "a reserved address"),
    ];

    // Over the high 64 bits. Whatever is outside global unicast (2000::/3) and not listed is refused as reserved.
    private static readonly (ulong Network, int Bits, string Kind)[] V6Ranges =
    [
        (0xFD00_0EC2_0000_0000, 64, "a cloud metadata address"), // fd00:ec2::/64: AWS metadata over IPv6
        (0xFC00_0000_0000_0000, 7, "a private (unique local) address"),
        (0xFE80_0000_0000_0000, 10, "a link-local address"),
        (0xFEC0_0000_0000_0000, 10, "a private (site-local) address"),
        (0xFF00_0000_0000_0000, 8, "a multicast address"),
        (0x2001_0DB8_0000_0000, 32, "a documentation address"),
        (0x3FFF_0000_0000_0000, 20, "a documentation address"),
        (0x2001_0000_0000_0000, 23, "a reserved address"),
    ];

    /// <summary>Why a webhook may not go to the address (e.g. "a loopback address"), or null when it may.</summary>
    public static string? Refusal(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => RefusalV4(BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes())),
        AddressFamily.InterNetworkV6 => RefusalV6(address.GetAddressBytes()),
        _ => "not an IP address",
    };

    private static string? RefusalV4(uint value)
    {
        if (MetadataV4.TryGetValue(value, out var metadata))
        {
            return metadata;
        }

        foreach (var (network, bits, kind) in V4Ranges)
        {
            if (value >> (32 - bits) == network >> (32 - bits))
            {
                return kind;
            }
        }

        return null;
    }

    private static string? RefusalV6(byte[] b)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(b);
        var low = BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(8));
        var embedded = (uint)low;
        switch (high, low >> 32)
        {
            case (0, 0) when embedded is 0:
                return "an unspecified address";
            case (0, 0) when embedded is 1:
                return "a loopback address";
            case (0, 0):
                // IPv4-compatible (::a.b.c.d): deprecated, refused whatever it embeds.
                return RefusalV4(embedded) ?? "a deprecated IPv4-compatible address";
            case (0, 0xFFFF) or (0, 0xFFFF0000) or (0x0064_FF9B_0000_0000, 0):
                // IPv4-mapped and -translated forms reach the IPv4 address itself; NAT64 reaches it through the gateway.
                return RefusalV4(embedded);
        }

        if (high >> 48 == 0x2002)
        {
            // 6to4 embeds the IPv4 address of its relay in the second and third groups.
            return RefusalV4((uint)(high >> 16));
        }

        foreach (var (network, bits, kind) in V6Ranges)
        {
            if (high >> (64 - bits) == network >> (64 - bits))
            {
                return kind;
            }
        }

        return high >> 61 == 1 ? null : "a reserved address";
    }
}
