using GraphQL;
using GraphQL.Types;
using TagApi.Api.Features.Customers;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tenancy;
using static TagApi.Api.GraphQL.Payloads;

namespace TagApi.Api.Features.TagAssignments;

/// <summary>Mutations on customers' tags; they call <see cref="CustomerTagService"/> and <see cref="TagAssignmentBatchService"/> as REST does.</summary>
public static class TagAssignmentGraphQL
{
    // The service names the request's add and remove lists as REST does; here both are the one tags argument.
    private static readonly Dictionary<string, string> TagsArgument = new(StringComparer.Ordinal) { ["add"] = "tags", ["remove"] = "tags" };

    public static void AddMutations(ObjectGraphType mutation)
    {
        var change = Type("ChangeCustomerTagsPayload", "The customer after the change, and what changed.",
            ("customer", typeof(CustomerGraphType), "The customer; null when the change failed."),
            ("added", typeof(ListGraphType<NonNullGraphType<StringGraphType>>), "Keys of tags the customer gained."),
            ("removed", typeof(ListGraphType<NonNullGraphType<StringGraphType>>), "Keys of tags the customer lost (including ones replaced in an exclusive category)."));
        mutation.AddMutation("tagsAdd", "Add tags to a customer (set semantics: held ones are left; exclusive categories replace).", Scopes.CustomersWrite, change,
            Args(Arg<NonNullGraphType<IdGraphType>>("customer", "Customer id."), Arg<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags", "Tag ids or keys."),
                Arg<UtcDateTimeGraphType>("expiresAt", "Optional expiry of the added tags.")),
            c => ChangeAsync(c, add: true), TagsArgument);
        mutation.AddMutation("tagsRemove", "Remove tags from a customer (absent ones are ignored).", Scopes.CustomersWrite, change,
            Args(Arg<NonNullGraphType<IdGraphType>>("customer", "Customer id."), Arg<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags", "Tag ids or keys.")),
            c => ChangeAsync(c, add: false), TagsArgument);
        mutation.AddMutation("assignTags", "Assign and unassign up to 1,000 customer–tag pairs, all or nothing; per-item failures are userErrors on add[i] / remove[i].",
            Scopes.CustomersWrite,
            Type("AssignTagsPayload", "What the batch changed.",
                ("added", typeof(IntGraphType), "Assignments created."), ("removed", typeof(IntGraphType), "Assignments removed."),
                ("unchanged", typeof(IntGraphType), "Pairs that were already as asked."),
                ("changes", typeof(ListGraphType<NonNullGraphType<AppliedTagChangeGraphType>>), "Every change made.")),
            Args(Arg<ListGraphType<NonNullGraphType<TagAssignmentItemInputGraphType>>>("add", "Pairs to assign."),
                Arg<ListGraphType<NonNullGraphType<TagAssignmentItemInputGraphType>>>("remove", "Pairs to unassign."),
                new QueryArgument<TagSourceGraphType> { Name = "source", Description = "Recorded source: MANUAL (default) or IMPORT.", DefaultValue = TagSource.Manual }),
            BatchAsync);
    }

    private static async Task<Payload> ChangeAsync(IResolveFieldContext c, bool add)
    {
        var (customer, tags) = (c.GetArgument<string>("customer"), c.GetArgument<List<string>>("tags"));
        var service = c.Service<CustomerTagService>();
        var (saved, applied, _) = await service.ChangeAsync(customer, add ? tags : [], add ? [] : tags, add ? c.GetArgument<DateTime?>("expiresAt") : null, c.CancellationToken);
        return new Payload
        {
            ["customer"] = saved,
            ["added"] = applied.Where(a => a.Action == TagHistoryAction.Added).Select(a => a.TagKey).ToList(),
            ["removed"] = applied.Where(a => a.Action != TagHistoryAction.Added).Select(a => a.TagKey).ToList(),
        };
    }

    private static async Task<Payload> BatchAsync(IResolveFieldContext c)
    {
        static List<TagAssignmentItem> Items(IResolveFieldContext c, string name) =>
            (c.GetArgument<List<object?>>(name) ?? []).Select(i => new InputFields(i as IDictionary<string, object?>))
                .Select(i => new TagAssignmentItem(i.Get<string?>("customer"), i.Get<string?>("externalId"), i.Get<string?>("tag"), i.Get<DateTime?>("expiresAt")))
                .ToList();

        var result = await c.Service<TagAssignmentBatchService>().ApplyAsync(
            new TagAssignmentBatch(Items(c, "add"), Items(c, "remove"), c.GetArgument("source", TagSource.Manual)), c.CancellationToken);
        return new Payload
        {
            ["added"] = result.Added,
            ["removed"] = result.Removed,
            ["unchanged"] = result.Unchanged,
            ["changes"] = result.Changes,
        };
    }
}

/// <summary>One customer–tag pair of a batch.</summary>
public sealed class TagAssignmentItemInputGraphType : InputObjectGraphType
{
    public TagAssignmentItemInputGraphType()
    {
        Name = "TagAssignmentItemInput";
        Description = "One customer–tag pair. Name the customer by customer (id) or externalId.";
        Field<IdGraphType>("customer").Description("Customer id (cus_…).");
        Field<StringGraphType>("externalId").Description("The integrator's customer id.");
        Field<StringGraphType>("tag").Description("Tag id or key.");
        Field<UtcDateTimeGraphType>("expiresAt").Description("Optional expiry (adds only).");
    }
}

/// <summary>A change a batch made.</summary>
public sealed class AppliedTagChangeGraphType : ObjectGraphType<AppliedTagChange>
{
    public AppliedTagChangeGraphType()
    {
        Name = "AppliedTagChange";
        Description = "A change a batch made.";
        Field<NonNullGraphType<IdGraphType>>("customer").Description("Customer id.").Resolve(c => PublicId.Encode(IdPrefixes.Customer, c.Source.CustomerId));
        Field<NonNullGraphType<StringGraphType>>("tag").Description("Tag key.").Resolve(c => c.Source.TagKey);
        Field<NonNullGraphType<TagHistoryActionGraphType>>("action").Description("Added or removed.").Resolve(c => c.Source.Action);
        Field<StringGraphType>("reason").Description("Why, when not directly requested (replaced in an exclusive category).").Resolve(c => c.Source.Reason);
    }
}
