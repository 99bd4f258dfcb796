using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Data;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Customers;

/// <summary>Creates, syncs, reads and erases customers.</summary>
public sealed partial class CustomerService(TagApiDbContext db, CustomerLookup lookup, TagLookup tags, Preconditions preconditions, TimeProvider clock)
{
    public Task<Customer> GetAsync(string id, CancellationToken ct) => lookup.GetAsync(id, ct);

    public async Task<Customer> GetByExternalIdAsync(string externalId, CancellationToken ct) =>
        await lookup.FindByExternalIdAsync(externalId, ct) ?? throw new NotFoundException("Customer", externalId);

    public async Task<Page<Customer>> ListAsync(CustomerListFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.Customers.AsNoTracking();
        if (filter.Tag is not null)
        {
            var tag = await tags.GetAsync(filter.Tag, ct);
            query = query.Where(c => db.TagAssignments.Any(a => a.CustomerId == c.Id && a.TagId == tag.Id));
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim();
            var lowered = search.ToLowerInvariant();
            // Without the PII scope, a search must not reveal who has which name or e-mail.
            query = db.Tenant.HasScope(Scopes.CustomersPii)
                ? query.Where(c => c.ExternalId.Contains(search) || c.Name!.ToLower().Contains(lowered) || c.Email!.ToLower().Contains(lowered))
                : query.Where(c => c.ExternalId.Contains(search));
        }

        return await query.ToPageAsync(page, c => c.Id, ct);
    }

    public async Task<Customer> CreateAsync(CustomerInput input, CancellationToken ct)
    {
        if (!input.ExternalId.IsSet)
        {
            throw new ValidationFailedException("externalId", "An external id is required.");
        }

        Validate(input);
        return await db.RunAsync(async () =>
        {
            if (await lookup.FindByExternalIdAsync(input.ExternalId.Value, ct) is not null)
            {
                throw new ConflictException("conflict", $"A customer with external id '{input.ExternalId.Value}' already exists.");
            }

            var customer = NewCustomer(input.ExternalId.Value);
            Apply(customer, AsReplacement(input), patchAttributes: false);
            db.Customers.Add(customer);
            await db.SaveChangesAsync(ct);
            return customer;
        });
    }

    /// <summary>Changes only the fields present in the input (merge-patch semantics).</summary>
    public async Task<Customer> UpdateAsync(string id, CustomerInput input, CancellationToken ct)
    {
        Validate(input);
        return await db.RunAsync(async () =>
        {
            var customer = await lookup.GetAsync(id, ct, track: true);
            preconditions.Check(customer, IdPrefixes.Customer, customer.Id, customer.Version, "Customer", id);
            if (input.ExternalId.IsSet && input.ExternalId.Value != customer.ExternalId
                && await lookup.FindByExternalIdAsync(input.ExternalId.Value, ct) is not null)
            {
                throw new ConflictException("conflict", $"A customer with external id '{input.ExternalId.Value}' already exists.");
            }

            Apply(customer, input, patchAttributes: true);
            await db.SaveChangesAsync(ct);
            return customer;
        });
    }

    /// <summary>
    /// The integrator's sync call: creates the customer or replaces its fields with the given
    /// representation (absent fields are cleared). Repeating it changes nothing.
    /// </summary>
    public async Task<CustomerUpsert> UpsertAsync(string externalId, CustomerInput input, CancellationToken ct)
    {
        if (input.ExternalId.IsSet && input.ExternalId.Value != externalId)
        {
            throw new ValidationFailedException("externalId", "The external id in the body differs from the one in the path.");
        }

        input = AsReplacement(input with { ExternalId = new Optional<string>(externalId) });
        Validate(input);
        return await db.RunAsync(async () =>
        {
            Customer customer;
            IReadOnlyList<string> tagKeys;
            var created = false;
            if (await lookup.FindTrackedWithTagKeysAsync(externalId, ct) is { } found)
            {
                (customer, tagKeys) = found;
                preconditions.Check(customer, IdPrefixes.Customer, customer.Id, customer.Version, "Customer", externalId);
            }
            else
            {
                preconditions.CheckAbsent("Customer", externalId);
                customer = NewCustomer(externalId);
                tagKeys = [];
                created = true;
                db.Customers.Add(customer);
            }

            Apply(customer, input, patchAttributes: false);
            await db.SaveChangesAsync(ct);
            return new CustomerUpsert(customer, created, tagKeys);
        });
    }

    /// <summary>Erases the customer with its tags and tag history.</summary>
    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        await db.RunAsync(async () =>
        {
            var customer = await lookup.GetAsync(id, ct, track: true);
            preconditions.Check(customer, IdPrefixes.Customer, customer.Id, customer.Version, "Customer", id);
            db.Customers.Remove(customer);
            return await db.SaveChangesAsync(ct);
        });
    }

    private void Validate(CustomerInput input)
    {
        var errors = new ValidationErrors();
        CustomerValidator.Check(errors, input, DateOnly.FromDateTime(clock.UtcNow()));
        errors.ThrowIfAny();
    }

    private Customer NewCustomer(string externalId)
    {
        var now = clock.UtcNow();
        return new Customer { ExternalId = externalId, CreatedAt = now, UpdatedAt = now };
    }

    // A full representation: every member not given becomes "set to its empty value".
    private static CustomerInput AsReplacement(CustomerInput input) => input with
    {
        Type = Fill(input.Type, CustomerType.Individual),
        Name = Fill(input.Name, null),
        Email = Fill(input.Email, null),
        Phone = Fill(input.Phone, null),
        Gender = Fill(input.Gender, null),
        BirthDate = Fill<DateOnly?>(input.BirthDate, null),
        Country = Fill(input.Country, null),
        Region = Fill(input.Region, null),
        City = Fill(input.City, null),
        Industry = Fill(input.Industry, null),
        Source = Fill<CustomerSource?>(input.Source, null),
        SourceDetail = Fill(input.SourceDetail, null),
        Locale = Fill(input.Locale, null),
        Attributes = Fill<JsonObject?>(input.Attributes, []),
    };

    private static Optional<T> Fill<T>(Optional<T> value, T empty) => value.IsSet ? value : new Optional<T>(empty);

    private void Apply(Customer customer, CustomerInput input, bool patchAttributes)
    {
        var before = (customer.ExternalId, customer.Type, customer.Name, customer.Email, customer.Phone, customer.Gender, customer.BirthDate,
            customer.Country, customer.Region, customer.City, customer.Industry, customer.Source, customer.SourceDetail, customer.Locale, customer.Attributes);
        customer.ExternalId = input.ExternalId.Or(customer.ExternalId);
        customer.Type = input.Type.Or(customer.Type) ?? CustomerType.Individual;
        customer.Name = input.Name.Or(customer.Name);
        customer.Email = input.Email.Or(customer.Email);
        customer.Phone = input.Phone.Or(customer.Phone);
        customer.Gender = input.Gender.Or(customer.Gender);
        customer.BirthDate = input.BirthDate.Or(customer.BirthDate);
        customer.Country = input.Country.Or(customer.Country);
        customer.Region = input.Region.Or(customer.Region);
        customer.City = input.City.Or(customer.City);
        customer.Industry = input.Industry.Or(customer.Industry);
        customer.Source = input.Source.Or(customer.Source);
        customer.SourceDetail = input.SourceDetail.Or(customer.SourceDetail);
        customer.Locale = input.Locale.Or(customer.Locale);
        if (input.Attributes.IsSet)
        {
            var given = input.Attributes.Value;
            var next = given is null ? [] : patchAttributes ? CustomerValidator.MergePatch(CustomerValidator.Parse(customer.Attributes), given) : given;

            // Compared as JSON, not text: databases such as PostgreSQL (jsonb) store their own spelling.
            if (!CustomerValidator.SameAs(customer.Attributes, next))
            {
                customer.Attributes = CustomerValidator.Serialize(next);
            }
        }

        var after = (customer.ExternalId, customer.Type, customer.Name, customer.Email, customer.Phone, customer.Gender, customer.BirthDate,
            customer.Country, customer.Region, customer.City, customer.Industry, customer.Source, customer.SourceDetail, customer.Locale, customer.Attributes);

        // An unchanged upsert stays unchanged: no new version, no new updatedAt.
        if (!before.Equals(after) || customer.Id == 0)
        {
            customer.Version++;
            customer.UpdatedAt = clock.UtcNow();
        }
    }
}

/// <summary>What <see cref="CustomerService.UpsertAsync"/> did.</summary>
/// <param name="Customer">The customer as saved.</param>
/// <param name="Created">Whether the upsert created it.</param>
/// <param name="TagKeys">Its current tag keys, in tag id order (an upsert changes none).</param>
public sealed record CustomerUpsert(Customer Customer, bool Created, IReadOnlyList<string> TagKeys);
