using System.Reflection;
using TagApi.Client.Tests.Infrastructure;

namespace TagApi.Client.Tests.Paging;

[Collection(LiveServerCollection.Name)]
public sealed class AutoPagingTests(LiveServer server)
{
    [Fact]
    public async Task ListAll_walks_every_page_fetching_each_once()
    {
        var wire = new RecordingHandler();
        var api = TagApiClient.Create(await server.CreateTenantAsync(), wire);
        await api.CreateTagAsync(new CreateTagRequest { Key = "pager", Name = "Pager" });
        var externalIds = Enumerable.Range(1, 23).Select(i => $"page-{i:D2}").ToList();
        foreach (var id in externalIds)
        {
            await api.UpsertCustomerAsync(id, new CustomerInput { Name = id });
        }

        await api.ApplyTagAssignmentsAsync(new TagAssignmentBatchRequest
        {
            Add = [.. externalIds.Select(id => new TagAssignmentItemRequest { ExternalId = id, Tag = "pager" })],
        });

        var members = await api.ListAllTagCustomersAsync("pager", pageSize: 5).ToListAsync();

        Assert.Equal(externalIds, members.Select(m => m.ExternalId).Order(StringComparer.Ordinal));
        var pages = wire.To(HttpMethod.Get, "/v1/tags/pager/customers");
        Assert.Equal(5, pages.Count);
        Assert.Single(pages, p => !p.Query.Contains("cursor=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_early_fetches_no_further_page()
    {
        var wire = new RecordingHandler();
        var api = TagApiClient.Create(await server.CreateTenantAsync(), wire);
        for (var i = 0; i < 6; i++)
        {
            await api.CreateTagAsync(new CreateTagRequest { Key = $"early_{i}", Name = $"Early {i}" });
        }

        var firstThree = await api.ListAllTagsAsync(pageSize: 2).Take(3).ToListAsync();

        Assert.Equal(3, firstThree.Count);
        Assert.Equal(2, wire.To(HttpMethod.Get, "/v1/tags").Count);
    }

    [Fact]
    public void Every_cursor_list_has_a_ListAll_counterpart()
    {
        var methods = typeof(TagApiClient).GetMethods(BindingFlags.Public | BindingFlags.Instance);
        var cursorLists = methods
            .Where(m => m.Name.StartsWith("List", StringComparison.Ordinal) && m.GetParameters().Any(p => p.Name == "cursor"))
            .Select(m => m.Name)
            .Distinct();

        var missing = cursorLists.Where(name => !methods.Any(m => m.Name == name.Replace("List", "ListAll", StringComparison.Ordinal))).ToList();

        Assert.True(missing.Count == 0, "No ListAll…Async for: " + string.Join(", ", missing));
    }
}
