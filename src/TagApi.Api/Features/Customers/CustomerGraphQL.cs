using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using TagApi.Api.Conditional;
using TagApi.Api.Features.Segments;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Segments;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tenancy;
using static TagApi.Api.GraphQL.Payloads;

namespace TagApi.Api.Features.Customers;

/// <summary>Root GraphQL fields of customers; each calls the Core method its REST endpoint calls.</summary>
public static class CustomerGraphQL
{
    private const string List = "customers";

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<CustomerGraphType>("customer").Description("A customer by id or by the integrator's external id; null when there is none.")
            .Argument<IdGraphType>("id", "Customer id (cus_…).").Argument<StringGraphType>("externalId", "The integrator's id.")
            .RequireScope(Scopes.CustomersRead)
            .ResolveAsync(GetAsync);

        query.ConnectionField<CustomerGraphType, object?>("customers", "The tenant's customers in id order, optionally filtered by a tag, a text or a segment query.")
            .Argument<StringGraphType>("tag", "Only customers holding this tag (id or key).")
            .Argument<StringGraphType>("q", "Text in the external id (and, with customers:pii, in the name or e-mail).")
            .Argument<StringGraphType>("query", "A segment query, e.g. tag = 'vip' AND city = 'Shanghai'; combine with nothing else.")
            .RequireScope(Scopes.CustomersRead)
            .Evaluates(whenArgument: "query")
            .ResolveAsync(ListAsync);
    }

    private static Task<object?> GetAsync(IResolveFieldContext c)
    {
        var service = c.Service<CustomerService>();
        var id = c.GetArgument<string?>("id");
        var reference = Resolve.OneOf(c, "id", "externalId");
        var tagsField = c.SubFields?.Values.FirstOrDefault(f => f.FieldType.Name == "tags").Field;
        if (id is not null && tagsField is not null)
        {
            // "A customer with its tags" is the hot read: one round trip for both, the tags loader primed with them.
            // When no selection of the document reads more of a tag than its key, the tags are read as keys only.
            var keysOnly = TagKeysOnly.In(c.Document);
            var withCategories = !keysOnly && MayRead(tagsField.SelectionSet, "category");
            return Resolve.OrNullAsync(async () =>
            {
                var reads = c.Service<CustomerWithTagsReads>();
                var (customer, tags) = keysOnly
                    ? await reads.GetWithCurrentTagKeysAsync(reference, c.CancellationToken)
                    : await reads.GetWithCurrentAsync(reference, withCategories, c.CancellationToken);
                CustomerGraphType.TagsLoader(c).Prime(customer.Id, tags);
                return customer;
            });
        }

        return Resolve.OrNullAsync(() => id is not null ? service.GetAsync(reference, c.CancellationToken) : service.GetByExternalIdAsync(reference, c.CancellationToken));
    }

    // Whether a selection may read the named field at any depth. Fragments are not followed: they count as a yes.
    // A tag whose category was not read still answers `category` (its resolver loads categories in a batch),
    // so a no here only saves the join.
    private static bool MayRead(GraphQLSelectionSet? selection, string field) =>
        selection is null || selection.Selections.Exists(s => s is not GraphQLField f || f.Name.StringValue == field || (f.SelectionSet is not null && MayRead(f.SelectionSet, field)));

    private static async Task<object?> ListAsync(IResolveFieldContext c)
    {
        var (tag, q, text) = (c.GetArgument<string?>("tag"), c.GetArgument<string?>("q"), c.GetArgument<string?>("query"));
        if (text is not null)
        {
            if (tag is not null || q is not null)
            {
                throw new ValidationFailedException("query", "Combine 'query' with nothing else: express tag filters inside the query.");
            }

            var checkedQuery = await c.Service<SegmentQueries>().CheckAsync(text, null, "query", c.CancellationToken);
            var (page, customers) = await c.Service<SegmentMembers>().PageCustomersAsync(
                    checkedQuery, Connections.PageOf(c, SegmentMembers.CursorList), withCount: false, c.CancellationToken);
            return Connections.FromItems(c, SegmentMembers.CursorList, customers, page.HasMore, x => x.Id);
        }

        var list = await c.Service<CustomerService>().ListAsync(new CustomerListFilter(tag, q), Connections.PageOf(c, List), c.CancellationToken);
        return Connections.From(c, List, list, x => x.Id);
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        var payload = Type("CustomerPayload", "The customer after the change.",
            ("customer", typeof(CustomerGraphType), "The customer; null when the change failed."),
            ("created", typeof(BooleanGraphType), "For upserts: true when the customer was created, false when it existed."));
        mutation.AddMutation("createCustomer", "Create a customer (externalId required).", Scopes.CustomersWrite, payload,
            Args(Arg<NonNullGraphType<CustomerInputGraphType>>("input", "The customer.")),
            async c => new Payload { ["customer"] = await c.Service<CustomerService>().CreateAsync(CustomerInputGraphType.Read(c), c.CancellationToken), ["created"] = true });
        mutation.AddMutation("upsertCustomer", "Create or replace a customer by the integrator's id (idempotent sync; fields left out are cleared).",
            Scopes.CustomersWrite, payload,
            Args(Arg<NonNullGraphType<StringGraphType>>("externalId", "The integrator's id."), Arg<NonNullGraphType<CustomerInputGraphType>>("input", "The full customer.")),
            async c =>
            {
                var (customer, created, _) = await c.Service<CustomerService>().UpsertAsync(c.GetArgument<string>("externalId"), CustomerInputGraphType.Read(c), c.CancellationToken);
                return new Payload { ["customer"] = customer, ["created"] = created };
            });
        mutation.AddMutation("updateCustomer", "Change some fields of a customer (merge-patch: attributes merge, null deletes).", Scopes.CustomersWrite, payload,
            Args(Arg<NonNullGraphType<IdGraphType>>("id", "Customer id."), Arg<NonNullGraphType<CustomerInputGraphType>>("input", "The changes."),
                ExpectedVersion.Argument("customer")),
            async c => new Payload { ["customer"] = await c.Service<CustomerService>().UpdateAsync(c.GetArgument<string>("id"), CustomerInputGraphType.Read(c), c.CancellationToken) });
        mutation.AddMutation("deleteCustomer", "Erase a customer, its tags and its tag history.", Scopes.CustomersWrite,
            Type("DeleteCustomerPayload", "Which customer was erased.", ("deletedId", typeof(IdGraphType), "Id of the erased customer.")),
            Args(Arg<NonNullGraphType<IdGraphType>>("id", "Customer id.")),
            async c =>
            {
                await c.Service<CustomerService>().DeleteAsync(c.GetArgument<string>("id"), c.CancellationToken);
                return new Payload { ["deletedId"] = c.GetArgument<string>("id") };
            });
    }
}

/// <summary>Writable fields of a customer; members left out are kept (update) or cleared (upsert).</summary>
public sealed class CustomerInputGraphType : InputObjectGraphType
{
    public CustomerInputGraphType()
    {
        Name = "CustomerInput";
        Description = "Writable fields of a customer. updateCustomer keeps fields left out; upsertCustomer clears them.";
        Field<StringGraphType>("externalId").Description("The integrator's id (required by createCustomer).");
        Field<CustomerTypeGraphType>("type").Description("Individual (default) or company.");
        Field<StringGraphType>("name").Description("Full name (PII).");
        Field<StringGraphType>("email").Description("E-mail address (PII).");
        Field<StringGraphType>("phone").Description("Phone number (PII).");
        Field<StringGraphType>("gender").Description("Gender as you record it.");
        Field<DateOnlyGraphType>("birthDate").Description("Birth date (PII).");
        Field<StringGraphType>("country").Description("Country.");
        Field<StringGraphType>("region").Description("Region or province.");
        Field<StringGraphType>("city").Description("City.");
        Field<StringGraphType>("industry").Description("Industry.");
        Field<CustomerSourceGraphType>("source").Description("Online or offline.");
        Field<StringGraphType>("sourceDetail").Description("Where exactly the customer came from.");
        Field<StringGraphType>("locale").Description("Preferred locale, e.g. zh-CN.");
        Field<JsonGraphType>("attributes").Description("Custom fields as a JSON object; updateCustomer merges them (null deletes a field).");
    }

    public static CustomerInput Read(IResolveFieldContext context)
    {
        var input = new InputFields(context.GetArgument<Dictionary<string, object?>>("input"));
        return new CustomerInput
        {
            ExternalId = input.Optional<string>("externalId"),
            Type = input.Optional<CustomerType?>("type"),
            Name = input.Optional<string?>("name"),
            Email = input.Optional<string?>("email"),
            Phone = input.Optional<string?>("phone"),
            Gender = input.Optional<string?>("gender"),
            BirthDate = input.Optional<DateOnly?>("birthDate"),
            Country = input.Optional<string?>("country"),
            Region = input.Optional<string?>("region"),
            City = input.Optional<string?>("city"),
            Industry = input.Optional<string?>("industry"),
            Source = input.Optional<CustomerSource?>("source"),
            SourceDetail = input.Optional<string?>("sourceDetail"),
            Locale = input.Optional<string?>("locale"),
            Attributes = input.Optional<JsonObject?>("attributes"),
        };
    }
}
