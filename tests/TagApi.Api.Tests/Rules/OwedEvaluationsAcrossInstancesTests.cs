using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TagApi.Api.Features.Rules;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Api.Tests.Segments;
using TagApi.Core.Data;
using TagApi.Core.Rules;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Rules;

/// <summary>
/// Two instances on one database. The rules a change owes are written with the change, so when the instance that made
/// it cannot evaluate them (it died right after the commit, or runs no rule worker), the other instance does.
/// </summary>
public abstract class OwedEvaluationsAcrossInstancesTests(string provider) : IAsyncLifetime
{
    private static readonly KeyValuePair<string, string?> QuickFollower = new("Segments:FollowMilliseconds", "100");
    private readonly SharedDatabase _database = new(provider);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.RemoveAsync();

    [Fact]
    public async Task A_change_whose_instance_dies_right_after_the_commit_is_evaluated_by_another_instance()
    {
        // What the first instance's changes owe is held for its rule worker, which dies with it before evaluating them.
        var first = await _database.StartAsync([QuickFollower], WithoutRuleWorker);
        first.Services.GetRequiredService<RuleTriggers>().Attach(TimeSpan.FromMinutes(1));
        var second = await _database.StartAsync([QuickFollower]);
        var (onFirst, onSecond, customer) = await PrepareAsync(first, second);

        await onFirst.UpsertCustomerAsync("c1", new { country = "DE" }, HttpStatusCode.OK);
        await first.DisposeAsync();
        // Held for the first instance for a minute: nobody else takes it meanwhile.
        Assert.Empty(await onSecond.TagKeysOfAsync(customer));

        second.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(["german"], await Eventually.WaitForAsync(() => onSecond.TagKeysOfAsync(customer), tags => tags.Length > 0));
        Assert.Equal(0, await Eventually.WaitForAsync(() => OwedRowsAsync(second), count => count == 0));
    }

    [Fact]
    public async Task A_change_made_where_no_rule_worker_runs_is_evaluated_by_another_instance()
    {
        var first = await _database.StartAsync([QuickFollower], WithoutRuleWorker);
        var second = await _database.StartAsync([QuickFollower]);
        var (onFirst, onSecond, customer) = await PrepareAsync(first, second);

        await onFirst.UpsertCustomerAsync("c1", new { country = "DE" }, HttpStatusCode.OK);

        Assert.Equal(["german"], await Eventually.WaitForAsync(() => onSecond.TagKeysOfAsync(customer), tags => tags.Length > 0));
        Assert.Equal(0, await Eventually.WaitForAsync(() => OwedRowsAsync(second), count => count == 0));
    }

    [Fact]
    public async Task What_an_instance_evaluates_itself_it_settles()
    {
        var only = await _database.StartAsync([QuickFollower]);
        var api = await only.CreateTenantAsync();
        await api.CreateTagAsync("german");
        await api.PostAsync("/v1/rules", new { key = "german", name = "German", tag = "german", condition = "country = 'DE'" }, HttpStatusCode.Created);
        var customers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            customers.Add((await api.UpsertCustomerAsync($"c{i}", new { country = "DE" })).Str("id"));
        }

        foreach (var customer in customers)
        {
            Assert.Equal(["german"], await Eventually.WaitForAsync(() => api.TagKeysOfAsync(customer), tags => tags.Length > 0));
        }

        Assert.Equal(0, await Eventually.WaitForAsync(() => OwedRowsAsync(only), count => count == 0));
    }

    [Fact]
    public async Task Settling_inside_a_transaction_goes_with_it_and_outside_one_deletes()
    {
        // Without a rule worker the change's owed row stays for the test to settle by hand.
        var only = await _database.StartAsync([QuickFollower], WithoutRuleWorker);
        var api = await only.CreateTenantAsync();
        await api.UpsertCustomerAsync("c1", new { country = "DE" });
        var owed = await only.InTenantAsync(0, services => services.GetRequiredService<TagApiDbContext>().OwedRuleEvaluations.Select(o => o.Id).ToListAsync());
        Assert.NotEmpty(owed);

        await only.InTenantAsync(0, async services =>
        {
            var db = services.GetRequiredService<TagApiDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await OwedRuleEvaluations.SettleAsync(db, owed, CancellationToken.None);
            await transaction.RollbackAsync();
            return 0;
        });
        Assert.Equal(owed.Count, await OwedRowsAsync(only));

        await only.InTenantAsync(0, async services =>
        {
            await OwedRuleEvaluations.SettleAsync(services.GetRequiredService<TagApiDbContext>(), owed, CancellationToken.None);
            return 0;
        });
        Assert.Equal(0, await OwedRowsAsync(only));
    }

    // A tenant with the rule "german" (country = 'DE') already run once, and a customer in France, made on the first instance.
    private static async Task<(TenantSession OnFirst, TenantSession OnSecond, string Customer)> PrepareAsync(SharedDatabaseFactory first, SharedDatabaseFactory second)
    {
        var onFirst = await first.CreateTenantAsync();
        var onSecond = await new TenantSession(second, onFirst.TenantId, onFirst.Slug).WithClientAsync([.. Scopes.All]);
        await onSecond.CreateTagAsync("german");
        var customer = (await onFirst.UpsertCustomerAsync("c1", new { country = "FR" })).Str("id");
        await onSecond.PostAsync("/v1/rules", new { key = "german", name = "German", tag = "german", condition = "country = 'DE'" }, HttpStatusCode.Created);
        await Eventually.WaitForAsync(() => onSecond.GetAsync("/v1/rules/german"), r => r["lastEvaluatedAt"] is not null);
        return (onFirst, onSecond, customer);
    }

    private static void WithoutRuleWorker(IServiceCollection services) =>
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RuleEvaluationService)));

    private static Task<int> OwedRowsAsync(TagApiFactory host) =>
        host.InTenantAsync(0, services => services.GetRequiredService<TagApiDbContext>().OwedRuleEvaluations.CountAsync());
}

public sealed class OwedEvaluationsAcrossInstancesOnSqlite() : OwedEvaluationsAcrossInstancesTests("Sqlite");

public sealed class OwedEvaluationsAcrossInstancesOnPostgres() : OwedEvaluationsAcrossInstancesTests("Postgres");
