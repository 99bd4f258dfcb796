using GraphQL;
using GraphQL.Types;
using TagApi.Api.Conditional;
using TagApi.Api.Features.TagAssignments;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tenancy;
using TagApi.Core.Value;

namespace TagApi.Api.Features.Customers;

/// <summary>
/// GraphQL <c>Customer</c>: the fields of the REST <see cref="CustomerResponse"/>, with the same PII
/// rule (name, email, phone and birthDate are null without <c>customers:pii</c>), plus its tags and
/// tag history loaded in batches.
/// </summary>
public sealed class CustomerGraphType : ObjectGraphType<Customer>
{
    private const string HistoryList = "tag-history";

    public CustomerGraphType()
    {
        Name = "Customer";
        Description = "A customer of the tenant. PII fields (name, email, phone, birthDate) are null unless the token has customers:pii.";
        Interface<NodeGraphType>();
        IsTypeOf = o => o is Customer;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque id (cus_…).").Resolve(c => PublicId.Encode(IdPrefixes.Customer, c.Source.Id));
        Field(c => c.ExternalId).Description("The integrator's own id, unique within the tenant.");
        Field<NonNullGraphType<CustomerTypeGraphType>>("type").Description("Individual or company.").Resolve(c => c.Source.Type);
        Field<StringGraphType>("name").Description("Full name (PII).").Resolve(c => Pii(c, c.Source.Name));
        Field<StringGraphType>("email").Description("E-mail address (PII).").Resolve(c => Pii(c, c.Source.Email));
        Field<StringGraphType>("phone").Description("Phone number (PII).").Resolve(c => Pii(c, c.Source.Phone));
        Field<DateOnlyGraphType>("birthDate").Description("Birth date (PII).").Resolve(c => Pii(c, c.Source.BirthDate));
        Field(c => c.Gender, nullable: true).Description("Gender as the integrator records it.");
        Field(c => c.Country, nullable: true).Description("Country.");
        Field(c => c.Region, nullable: true).Description("Region or province.");
        Field(c => c.City, nullable: true).Description("City.");
        Field(c => c.Industry, nullable: true).Description("Industry, mostly for companies.");
        Field<CustomerSourceGraphType>("source").Description("Online or offline.").Resolve(c => c.Source.Source);
        Field(c => c.SourceDetail, nullable: true).Description("Where exactly the customer came from.");
        Field(c => c.Locale, nullable: true).Description("Preferred locale, e.g. zh-CN.");
        Field<NonNullGraphType<JsonGraphType>>("attributes").Description("Custom fields, a JSON object.")
            .Resolve(c => System.Text.Json.Nodes.JsonNode.Parse(c.Source.Attributes) ?? new System.Text.Json.Nodes.JsonObject());
        Field<NonNullGraphType<CustomerMetricsGraphType>>("metrics").Description("Aggregates maintained from activities.").Resolve(c => c.Source.Metrics);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CustomerTagGraphType>>>>("tags")
            .Description("The tags the customer holds now, in the order they were assigned; with asOf, the tags it held then, from the ledger.")
            .Argument<DateTimeGraphType>("asOf", "Answer as of this moment (UTC) instead of now.")
            .Evaluates("asOf")
            .Resolve(Tags);
        this.ConnectionField<TagHistoryEntryGraphType, Customer>("tagHistory", "The customer's tag ledger, newest first.")
            .ResolveAsync(HistoryAsync);
        Field<NonNullGraphType<Value.CustomerValueGraphType>>("value")
            .Description("The customer's value: RFM scores and segment, pAlive, expected purchases and predicted CLV, with their inputs (docs/customer-value.md).")
            .ResolveAsync(async c => Value.CustomerValueResponse.From(await c.Service<CustomerValueReads>().ForCustomerAsync(c.Source.Id, c.CancellationToken)));
        Field(c => c.Version).Description("Grows with every change to the customer or its tags; the version its REST ETag carries, and what expectedVersion is compared with.");
        Field(c => c.CreatedAt).Description("Creation time (UTC).");
        Field(c => c.UpdatedAt).Description("Last change of the customer's fields (UTC).");
    }

    /// <summary>The request's loader of customers' current tags; a parent that read them already primes it.</summary>
    public static BatchLoader<long, IReadOnlyList<TagAssignment>> TagsLoader(IResolveFieldContext context) =>
        context.Loaders().Get<long, IReadOnlyList<TagAssignment>>("customer-tags", (s, ids, ct) => s.GetRequiredService<CustomerTagReads>().CurrentAsync(ids, ct));

    // Tags the parent's read primed are answered at once; others wait for the batch of their level.
    private static object? Tags(IResolveFieldContext<Customer> c)
    {
        if (c.GetArgument<DateTime?>("asOf") is { } asOf)
        {
            // A ledger read per customer, run when the executor collects deferred results (priced as an evaluation).
            var history = c.Service<TagHoldingsAsOf>();
            var customerId = PublicId.Encode(IdPrefixes.Customer, c.Source.Id);
            return new DeferredResult<IReadOnlyList<TagAssignment>>(ct => history.CustomerTagsAsync(customerId, asOf.ToUniversalTime(), ct));
        }

        var loader = TagsLoader(c);
        return loader.TryGetLoaded(c.Source.Id, out var primed) ? primed : loader.Load(c.Source.Id);
    }

    // The same rule as CustomerResponse.From: PII only for tokens holding customers:pii.
    private static object? Pii(IResolveFieldContext context, object? value) =>
        context.Service<TenantContext>().HasScope(Scopes.CustomersPii) ? value : null;

    // First pages come from one batched query for all customers of the level; other pages from CustomerTagService.
    private static async Task<object?> HistoryAsync(IResolveFieldContext<Customer> c)
    {
        var request = Connections.PageOf(c, HistoryList);
        if (request is { AfterId: null, BeforeId: null, FromEnd: false })
        {
            var first = request.Limit;
            var loader = c.Loaders().Get<long, Page<TagHistoryEntry>>($"customer-history:{first}",
                (s, ids, ct) => s.GetRequiredService<CustomerTagReads>().NewestHistoryAsync(ids, first, ct));
            var page = await loader.Load(c.Source.Id).GetResultAsync(c.CancellationToken);
            return Connections.From(c, HistoryList, page!, h => h.Id);
        }

        var later = await c.Service<CustomerTagService>().HistoryAsync(
            PublicId.Encode(IdPrefixes.Customer, c.Source.Id), request, c.CancellationToken);
        return Connections.From(c, HistoryList, later, h => h.Id);
    }
}

public sealed class CustomerMetricsGraphType : ObjectGraphType<CustomerMetrics>
{
    public CustomerMetricsGraphType()
    {
        Name = "CustomerMetrics";
        Description = "Aggregates maintained from the customer's activities.";
        Field(m => m.TotalSpent).Description("Sum of purchase amounts.");
        Field(m => m.OrderCount).Description("Number of purchases.");
        Field(m => m.FirstOrderAt, nullable: true).Description("First purchase.");
        Field(m => m.LastOrderAt, nullable: true).Description("Latest purchase.");
        Field(m => m.LastActivityAt, nullable: true).Description("Latest activity of any type.");
    }
}

public sealed class CustomerTypeGraphType() : RestEnumGraphType<CustomerType>("CustomerType", "Whether a customer is a person or a company.");

public sealed class CustomerSourceGraphType() : RestEnumGraphType<CustomerSource>("CustomerSource", "Where a customer came from.");
