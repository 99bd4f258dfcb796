using Microsoft.Extensions.DependencyInjection;
using TagApi.Client.Tests.Infrastructure;

namespace TagApi.Client.Tests.Flow;

[Collection(LiveServerCollection.Name)]
public sealed class EverydayFlowTests(LiveServer server)
{
    [Fact]
    public async Task Tagging_a_synced_customer_reads_back_through_the_sdk()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync());

        var tag = await api.CreateTagAsync(new CreateTagRequest { Key = "vip", Name = "VIP", Color = "#E64980" });
        var customer = await api.UpsertCustomerAsync("shop-1001", new CustomerInput
        {
            Name = "Li Lei",
            City = "Shanghai",
            Source = CustomerSource.Online,
            Attributes = new JsonObject { ["vipLevel"] = 3 },
        });
        var changed = await api.ChangeCustomerTagsAsync(customer.Id, new ChangeCustomerTagsRequest { Add = ["vip"] });

        Assert.StartsWith("tag_", tag.Id, StringComparison.Ordinal);
        Assert.Equal(["vip"], changed.Added);
        var members = await api.ListAllTagCustomersAsync("vip").ToListAsync();
        Assert.Equal("shop-1001", Assert.Single(members).ExternalId);
        var query = await api.QuerySegmentAsync(new SegmentQueryRequest { Query = "tag = 'vip' AND attributes.vipLevel >= 3" });
        Assert.Equal(1, query.Count);
        var tags = await api.ListCustomerTagsAsync(customer.Id);
        Assert.Contains(tags.Data, t => t.Tag.Key == "vip");
    }

    [Fact]
    public async Task AddTagApiClient_gives_a_factory_client_with_tokens_retries_and_problems()
    {
        var options = await server.CreateTenantAsync();
        var services = new ServiceCollection();
        services.AddTagApiClient(o =>
        {
            o.BaseAddress = options.BaseAddress;
            o.ClientId = options.ClientId;
            o.ClientSecret = options.ClientSecret;
        });
        await using var provider = services.BuildServiceProvider();

        var api = provider.GetRequiredService<ITagApiClient>();
        await api.CreateTagAsync(new CreateTagRequest { Key = "from_di", Name = "From DI" });
        var again = provider.GetRequiredService<TagApiClient>();
        var tags = await again.ListAllTagsAsync(q: "from_di").ToListAsync();

        Assert.Equal("from_di", Assert.Single(tags).Key);
        var problem = await Assert.ThrowsAsync<TagApiProblemException>(() => api.GetTagAsync("missing"));
        Assert.Equal("not_found", problem.Code);
        Assert.Equal(1, provider.GetRequiredService<TagApi.Client.Auth.ClientCredentialsTokenSource>().TokenRequests);
    }
}
