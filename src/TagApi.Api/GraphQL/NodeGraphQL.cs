using GraphQL;
using GraphQL.Types;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Segments;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Api.GraphQL;

/// <summary><c>node(id)</c>: any object by its opaque id, dispatched on the id's prefix, with the scope its own field needs.</summary>
public static class NodeGraphQL
{
    public static void AddQueries(ObjectGraphType query) =>
        query.Field<NodeGraphType>("node").Description("Any object by its opaque id (tag_…, cat_…, cus_…, seg_…, whe_…); null when there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The object's id.")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                var prefix = id.Split('_', 2)[0];
                switch (prefix)
                {
                    case IdPrefixes.Tag when PublicId.TryDecode(prefix, id, out _):
                        ScopeAuthorization.Demand(c, Scopes.TagsRead);
                        return await c.Service<TagLookup>().FindAsync(id, c.CancellationToken);
                    case IdPrefixes.Category when PublicId.TryDecode(prefix, id, out _):
                        ScopeAuthorization.Demand(c, Scopes.TagsRead);
                        return await c.Service<TagCategoryService>().FindAsync(id, c.CancellationToken);
                    case IdPrefixes.Customer when PublicId.TryDecode(prefix, id, out _):
                        ScopeAuthorization.Demand(c, Scopes.CustomersRead);
                        return await Resolve.OrNullAsync(() => c.Service<CustomerService>().GetAsync(id, c.CancellationToken));
                    case IdPrefixes.Segment when PublicId.TryDecode(prefix, id, out _):
                        ScopeAuthorization.Demand(c, Scopes.SegmentsRead);
                        return await c.Service<SegmentService>().FindAsync(id, c.CancellationToken);
                    case IdPrefixes.WebhookEndpoint when PublicId.TryDecode(prefix, id, out _):
                        ScopeAuthorization.Demand(c, Scopes.WebhooksManage);
                        return await Resolve.OrNullAsync(() => c.Service<WebhookEndpointService>().GetAsync(id, c.CancellationToken));
                    default:
                        return null;
                }
            });
}
