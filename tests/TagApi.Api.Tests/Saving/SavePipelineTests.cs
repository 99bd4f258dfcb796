using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Database;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Data.Saving;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;
using TagApi.Data;

namespace TagApi.Api.Tests.Saving;

/// <summary>
/// A save runs its steps in one transaction — the change, its change log and index log, the outbox fan-out, then the
/// before-commit steps — and tells this instance's subscribers only once the commit is done: its own, or that of the
/// transaction its caller opened. A before-commit step stands in for any row that must commit with the change: it
/// writes a row of its own.
/// </summary>
public abstract class SavePipelineTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_before_commit_step_runs_after_the_change_log_and_fan_out_and_subscribers_hear_after_the_commit()
    {
        var tenant = await Factory.CreateTenantAsync();
        var journal = new Journal();
        await using var services = DataLayer(journal);
        await InTenantAsync(services, tenant.TenantId, async db =>
        {
            db.WebhookEndpoints.Add(new WebhookEndpoint { Url = "http://127.0.0.1:9/never", Secret = WebhookSigner.NewSecret(), EventTypes = EventTypes.CustomerCreated });
            return await db.SaveChangesAsync();
        });
        journal.StepPending = true;

        var customerId = await InTenantAsync(services, tenant.TenantId, async db =>
        {
            var customer = new Customer { ExternalId = "saved-through-the-pipeline" };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            return customer.Id;
        });

        Assert.Equal(["step", "published"], journal.Entries.Select(e => e.Split(':')[0]));
        Assert.Equal("step:in-transaction events=1 numbered deliveries=1 index-rows=1", journal.Entries[0]);
        Assert.Equal($"published:{customerId} visible", journal.Entries[1]);
        var written = await InTenantAsync(services, tenant.TenantId, db => db.ApiClients.CountAsync(c => c.Name == Journal.StepRow));
        Assert.Equal(1, written);
    }

    [Fact]
    public async Task A_failing_before_commit_step_rolls_the_whole_change_back_and_nothing_is_published()
    {
        var tenant = await Factory.CreateTenantAsync();
        var journal = new Journal { StepPending = true, StepFails = true };
        await using var services = DataLayer(journal);

        await Assert.ThrowsAsync<InvalidOperationException>(() => InTenantAsync(services, tenant.TenantId, async db =>
        {
            db.Customers.Add(new Customer { ExternalId = "never-committed" });
            return await db.SaveChangesAsync();
        }));

        Assert.Equal(["step"], journal.Entries.Select(e => e.Split(':')[0]));
        var (customers, events, rows) = await InTenantAsync(services, tenant.TenantId, async db =>
            (await db.Customers.CountAsync(), await db.Events.CountAsync(), await db.ApiClients.CountAsync(c => c.Name == Journal.StepRow)));
        Assert.Equal((0, 0, 0), (customers, events, rows));
    }

    [Fact]
    public async Task Under_a_callers_transaction_the_save_publishes_once_the_caller_commits()
    {
        var tenant = await Factory.CreateTenantAsync();
        var journal = new Journal();
        await using var services = DataLayer(journal);

        var customerIds = await InTenantAsync(services, tenant.TenantId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var first = new Customer { ExternalId = "in-the-callers-transaction" };
            db.Customers.Add(first);
            await db.SaveChangesAsync();
            var second = new Customer { ExternalId = "also-in-the-callers-transaction" };
            db.Customers.Add(second);
            await db.SaveChangesAsync();
            Assert.Empty(journal.Entries);
            await transaction.CommitAsync();
            return new[] { first.Id, second.Id };
        });

        // Both saves are told as one change, after the commit, and the subscriber sees them committed.
        Assert.Equal([$"published:{string.Join(',', customerIds)} visible"], journal.Entries);
        var (customers, events) = await InTenantAsync(services, tenant.TenantId, async db => (await db.Customers.CountAsync(), await db.Events.CountAsync()));
        Assert.Equal((2, 2), (customers, events));
    }

    [Fact]
    public async Task Under_a_callers_transaction_that_rolls_back_nothing_is_published()
    {
        var tenant = await Factory.CreateTenantAsync();
        var journal = new Journal();
        await using var services = DataLayer(journal);

        await InTenantAsync(services, tenant.TenantId, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Customers.Add(new Customer { ExternalId = "rolled-back" });
            var saved = await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            db.ChangeTracker.Clear();

            // A later transaction of the same unit of work tells only its own change.
            await using var next = await db.Database.BeginTransactionAsync();
            db.Customers.Add(new Customer { ExternalId = "committed-later" });
            await db.SaveChangesAsync();
            await next.CommitAsync();
            return saved;
        });

        var committed = await InTenantAsync(services, tenant.TenantId, db => db.Customers.Select(c => c.Id).SingleAsync());
        Assert.Equal([$"published:{committed} visible"], journal.Entries);
    }

    private static async Task<T> InTenantAsync<T>(ServiceProvider services, long tenantId, Func<TagApiDbContext, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "test");
        return await work(scope.ServiceProvider.GetRequiredService<TagApiDbContext>());
    }

    // The data layer as the host registers it, in a container of its own (its own commit notifications), with the
    // journal's step and a subscriber that checks, from another unit of work, that the change it hears of is visible.
    private ServiceProvider DataLayer(Journal journal)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTagApiCore();
        services.AddSingleton(journal);
        services.AddScoped<IBeforeCommitStep, JournalStep>();
        services.AddTagApiDbContext(
            Factory.Services.GetRequiredService<DatabaseInfo>().Provider,
            Factory.Services.GetRequiredService<IConfiguration>().GetConnectionString("TagApi")!);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = false });
        provider.GetRequiredService<CommitNotifications>().Committed += change =>
        {
            using var scope = provider.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(change.TenantId, "test");
            var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
            var visible = change.CustomerIds.All(id => db.Customers.Any(c => c.Id == id));
            journal.Entries.Add($"published:{string.Join(',', change.CustomerIds)} {(visible ? "visible" : "not visible")}");
        };
        return provider;
    }

    private sealed class Journal
    {
        public const string StepRow = "written by a before-commit step";

        public bool StepPending { get; set; }

        public bool StepFails { get; init; }

        public List<string> Entries { get; } = [];
    }

    // Records what it finds of the earlier steps, inside the save's transaction, then stages a row of its own.
    private sealed class JournalStep(Journal journal) : IBeforeCommitStep
    {
        public bool Pending => journal.StepPending;

        public async Task RunAsync(SaveInProgress save, CancellationToken ct)
        {
            var db = save.Db;
            var ids = save.Events.Select(e => e.Id).ToList();
            var deliveries = await db.WebhookDeliveries.CountAsync(d => ids.Contains(d.EventId), ct);
            var indexRows = await db.IndexChanges.CountAsync(c => c.TenantId == save.TenantId && c.CustomerId != null, ct);
            var where = db.Database.CurrentTransaction is null ? "outside" : "in-transaction";
            journal.Entries.Add($"step:{where} events={ids.Count} {(ids.All(id => id > 0) ? "numbered" : "unnumbered")} deliveries={deliveries} index-rows={indexRows}");
            if (journal.StepFails)
            {
                throw new InvalidOperationException("The step failed.");
            }

            db.ApiClients.Add(new ApiClient { ClientId = "step-" + Guid.NewGuid().ToString("N"), Name = Journal.StepRow, Scopes = "" });
        }
    }
}

public sealed class SavePipelineOnSqlite(SqliteTagApiFactory factory) : SavePipelineTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class SavePipelineOnPostgres(PostgresTagApiFactory factory) : SavePipelineTests(factory), IClassFixture<PostgresTagApiFactory>;
