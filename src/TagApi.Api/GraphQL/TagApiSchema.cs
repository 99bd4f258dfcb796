using GraphQL.Types;
using TagApi.Api.Features.Activities;
using TagApi.Api.Features.Analytics;
using TagApi.Api.Features.ApiClients;
using TagApi.Api.Features.Customers;
using TagApi.Api.Features.Rules;
using TagApi.Api.Features.Events;
using TagApi.Api.Features.Segments;
using TagApi.Api.Features.TagAssignments;
using TagApi.Api.Features.TagCategories;
using TagApi.Api.Features.Tags;
using TagApi.Api.Features.Webhooks;

namespace TagApi.Api.GraphQL;

/// <summary>The GraphQL schema: root types assembled from each feature's registration methods.</summary>
public sealed class TagApiSchema : Schema
{
    public TagApiSchema(IServiceProvider services)
        : base(services)
    {
        Description = "TagApi: customer tagging and segmentation. The same capabilities as REST /v1, calling the same services.";
        RegisterTypeMapping(typeof(DateTime), typeof(UtcDateTimeGraphType));
        Directives.Register(new SpecifiedByDirective());
        RegisterVisitor(new ScalarWireFormats());
        Query = new QueryGraphType();
        Mutation = new MutationGraphType();
        RegisterType(typeof(TagGraphType));
        RegisterType(typeof(TagCategoryGraphType));
        RegisterType(typeof(CustomerGraphType));
        RegisterType(typeof(SegmentGraphType));
        RegisterType(typeof(WebhookEndpointGraphType));
    }
}

/// <summary>Root query fields, one registration method per feature.</summary>
public sealed class QueryGraphType : ObjectGraphType
{
    public QueryGraphType()
    {
        Name = "Query";
        Description = "Reads. Lists are Relay connections (first or last required, at most 200); lookups by id answer null for ids not in your tenant.";
        NodeGraphQL.AddQueries(this);
        TagCategoryGraphQL.AddQueries(this);
        TagGraphQL.AddQueries(this);
        CustomerGraphQL.AddQueries(this);
        SegmentGraphQL.AddQueries(this);
        ApiClientGraphQL.AddQueries(this);
        RuleGraphQL.AddQueries(this);
        WebhookGraphQL.AddQueries(this);
        EventGraphQL.AddQueries(this);
        Features.BulkJobs.BulkJobGraphQL.AddQueries(this);
        AnalyticsGraphQL.AddQueries(this);
        Features.Value.ValueGraphQL.AddQueries(this);
    }
}

/// <summary>Root mutation fields, one registration method per feature; business failures come back as userErrors.</summary>
public sealed class MutationGraphType : ObjectGraphType
{
    public MutationGraphType()
    {
        Name = "Mutation";
        Description = "Changes. Every mutation returns a payload whose userErrors list business failures with the REST error codes.";
        TagCategoryGraphQL.AddMutations(this);
        TagGraphQL.AddMutations(this);
        CustomerGraphQL.AddMutations(this);
        TagAssignmentGraphQL.AddMutations(this);
        SegmentGraphQL.AddMutations(this);
        ApiClientGraphQL.AddMutations(this);
        ActivityGraphQL.AddMutations(this);
        RuleGraphQL.AddMutations(this);
        WebhookGraphQL.AddMutations(this);
        Features.BulkJobs.BulkJobGraphQL.AddMutations(this);
    }
}
