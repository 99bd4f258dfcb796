using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Database;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tenancy;
using TagApi.Data;

namespace TagApi.Api.Tests.Tenancy;

/// <summary>
/// DbContexts are pooled: one instance serves many units of work in turn. These tests take the same
/// instance through several renters and check that none of them sees or writes as another tenant.
/// </summary>
public abstract class TenantIsolationOfPooledContextsTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_context_back_in_the_pool_acts_for_no_tenant()
    {
        var owner = await Factory.CreateTenantAsync();
        await owner.UpsertCustomerAsync("owned");
        await using var services = DataLayerOnly();

        TagApiDbContext first;
        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(owner.TenantId, "test");
            first = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
            Assert.Equal(["owned"], await first.Customers.Select(c => c.ExternalId).ToListAsync());
        }

        Assert.Throws<InvalidOperationException>(() => first.Tenant);
    }

    [Fact]
    public async Task The_next_renter_of_a_pooled_context_sees_and_stamps_only_its_own_tenant()
    {
        var owner = await Factory.CreateTenantAsync();
        await owner.UpsertCustomerAsync("owned");
        var stranger = await Factory.CreateTenantAsync();
        await using var services = DataLayerOnly();

        TagApiDbContext first;
        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(owner.TenantId, "test");
            first = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
            Assert.Single(await first.Customers.ToListAsync());
            first.Customers.Add(new Customer { ExternalId = "left-unsaved" });
        }

        // A renter that set no tenant: the same instance, but nothing tenant-owned is visible or writable.
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
            Assert.Same(first, db);
            Assert.Null(db.Tenant.TenantId);
            Assert.Empty(db.ChangeTracker.Entries());
            Assert.Empty(await db.Customers.ToListAsync());
            db.Customers.Add(new Customer { ExternalId = "unowned" });
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(stranger.TenantId, "test");
            var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
            Assert.Same(first, db);
            Assert.Empty(await db.Customers.ToListAsync());
            db.Customers.Add(new Customer { ExternalId = "strangers" });
            await db.SaveChangesAsync();
        }

        var strangers = await Factory.InTenantAsync(stranger.TenantId, sp => sp.GetRequiredService<TagApiDbContext>().Customers.Select(c => c.ExternalId).ToListAsync());
        var owners = await Factory.InTenantAsync(owner.TenantId, sp => sp.GetRequiredService<TagApiDbContext>().Customers.Select(c => c.ExternalId).ToListAsync());
        Assert.Equal(["strangers"], strangers);
        Assert.Equal(["owned"], owners);
    }

    [Fact]
    public async Task The_hot_customer_read_sees_only_its_renters_tenant()
    {
        var owner = await Factory.CreateTenantAsync();
        var id = (await owner.UpsertCustomerAsync("owned")).Str("id");
        var stranger = await Factory.CreateTenantAsync();
        await using var services = DataLayerOnly();

        foreach (var (tenant, visible) in new[] { (owner.TenantId, true), (stranger.TenantId, false), (owner.TenantId, true), ((long?)null, false) })
        {
            await using var scope = services.CreateAsyncScope();
            if (tenant is { } tenantId)
            {
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "test");
            }

            var reads = scope.ServiceProvider.GetRequiredService<CustomerWithTagsReads>();
            if (visible)
            {
                Assert.Equal("owned", (await reads.GetWithTagKeysAsync(id, CancellationToken.None)).Customer.ExternalId);
            }
            else
            {
                await Assert.ThrowsAsync<NotFoundException>(() => reads.GetWithTagKeysAsync(id, CancellationToken.None));
            }
        }
    }

    // The data layer of the application under test, registered as the host registers it, in a container
    // of its own: no background service rents from this pool, so each scope gets the same instance back.
    private ServiceProvider DataLayerOnly()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTagApiCore();
        services.AddTagApiDbContext(
            Factory.Services.GetRequiredService<DatabaseInfo>().Provider,
            Factory.Services.GetRequiredService<IConfiguration>().GetConnectionString("TagApi")!);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = false });
    }
}

public sealed class TenantIsolationOfPooledContextsOnSqlite(SqliteTagApiFactory factory) : TenantIsolationOfPooledContextsTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class TenantIsolationOfPooledContextsOnPostgres(PostgresTagApiFactory factory) : TenantIsolationOfPooledContextsTests(factory), IClassFixture<PostgresTagApiFactory>;
