using System.Security.Cryptography;
using TagApi.Core.Common;

namespace TagApi.Core.Tests.Common;

public sealed class PublicIdKeyingTests
{
    [Fact]
    public void A_process_is_keyed_once_and_refuses_a_second_key()
    {
        // The one test of this assembly that keys the process-wide ids.
        var key = RandomNumberGenerator.GetBytes(32);
        PublicId.UseKey(key);
        PublicId.UseKey(key);

        Assert.Throws<InvalidOperationException>(() => PublicId.UseKey(RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(new PublicIdCodec(key).Encode(IdPrefixes.Customer, 1), PublicId.Encode(IdPrefixes.Customer, 1));
        Assert.True(PublicId.TryDecode(IdPrefixes.Customer, PublicId.Encode(IdPrefixes.Customer, 1), out var decoded));
        Assert.Equal(1, decoded);
    }
}
