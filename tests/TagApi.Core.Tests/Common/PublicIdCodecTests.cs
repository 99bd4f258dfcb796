using System.Security.Cryptography;
using TagApi.Core.Common;

namespace TagApi.Core.Tests.Common;

public sealed class PublicIdCodecTests
{
    private static readonly PublicIdCodec Deployment = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Two_deployments_with_different_keys_give_the_first_customer_different_ids()
    {
        var other = new PublicIdCodec(RandomNumberGenerator.GetBytes(32));

        Assert.NotEqual(Deployment.Encode(IdPrefixes.Customer, 1), other.Encode(IdPrefixes.Customer, 1));
        Assert.False(other.TryDecode(IdPrefixes.Customer, Deployment.Encode(IdPrefixes.Customer, 1), out var misread) && misread == 1);
    }

    [Fact]
    public void Nodes_sharing_a_key_give_a_row_the_same_id()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(new PublicIdCodec(key).Encode(IdPrefixes.Tag, 42), new PublicIdCodec(key).Encode(IdPrefixes.Tag, 42));
        Assert.Equal(new PublicIdCodec(key).Fingerprint, new PublicIdCodec(key).Fingerprint);
        Assert.NotEqual(new PublicIdCodec(key).Fingerprint, Deployment.Fingerprint);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(4_294_967_295L)]
    [InlineData(4_294_967_296L)]
    [InlineData(long.MaxValue)]
    public void Ids_round_trip(long key)
    {
        foreach (var prefix in new[] { IdPrefixes.Customer, IdPrefixes.Tag, IdPrefixes.Event, IdPrefixes.WebhookEndpoint })
        {
            var id = Deployment.Encode(prefix, key);
            Assert.Equal(prefix.Length + 14, id.Length);
            Assert.True(Deployment.TryDecode(prefix, id, out var decoded));
            Assert.Equal(key, decoded);
            Assert.True(Deployment.TryDecode(prefix, prefix + id[prefix.Length..].ToLowerInvariant(), out var fromLower));
            Assert.Equal(key, fromLower);
        }
    }

    [Fact]
    public void Consecutive_keys_give_unrelated_ids()
    {
        var ids = Enumerable.Range(1, 10_000).Select(k => Deployment.Encode(IdPrefixes.Customer, k)[4..]).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        // Neither sorted like the keys nor sharing their leading characters, as a counter written in any base would be.
        Assert.NotEqual(ids, ids.Order(StringComparer.Ordinal));
        Assert.True(ids.Select(i => i[..2]).Distinct().Count() > 500);
        Assert.NotEqual(Deployment.Encode(IdPrefixes.Customer, 7)[4..], Deployment.Encode(IdPrefixes.Tag, 7)[4..]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cus_")]
    [InlineData("cus_ZZZZZZZZZZZZZ")]
    [InlineData("cus_00000000000000")]
    [InlineData("cus_000000000000")]
    [InlineData("cus_0000000000I00")]
    [InlineData("cus-0000000000000")]
    [InlineData("CUS_0000000000001")]
    public void Malformed_ids_are_rejected(string? text) => Assert.False(Deployment.TryDecode(IdPrefixes.Customer, text, out _));

    [Fact]
    public void An_id_of_another_kind_is_rejected()
    {
        var tag = Deployment.Encode(IdPrefixes.Tag, 5);

        Assert.False(Deployment.TryDecode(IdPrefixes.Customer, tag, out _));
        Assert.False(Deployment.TryDecode(IdPrefixes.Customer, "cus" + tag[3..], out var misread) && misread == 5);
    }

    [Fact]
    public void A_key_shorter_than_128_bits_is_refused() =>
        Assert.Throws<ArgumentException>(() => new PublicIdCodec(new byte[15]));
}
