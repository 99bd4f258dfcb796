using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Data;
using TagApi.Core.Rules;

namespace TagApi.Api.Tests.Rules;

/// <summary>
/// A rule's decision is made on an index snapshot and written a moment later; a customer that changed in between is
/// left to the evaluation its change owes, so no decision made on an older state is ever written.
/// </summary>
public abstract class StaleRuleDecisionTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_decision_about_a_customer_that_changed_since_is_not_written()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("shanghai");
        // Disabled, so no background run or evaluation races the one this test drives by hand.
        await api.PostAsync("/v1/rules", new { key = "sh", name = "Shanghai", tag = "shanghai", condition = "city = 'Shanghai'", enabled = false }, HttpStatusCode.Created);
        var mover = (await api.UpsertCustomerAsync("mover", new { city = "Shanghai" })).Str("id");
        var stayer = (await api.UpsertCustomerAsync("stayer", new { city = "Shanghai" })).Str("id");

        var (added, removed, lines) = await Factory.InTenantAsync(api.TenantId, async sp =>
        {
            var db = sp.GetRequiredService<TagApiDbContext>();
            var rule = await db.Rules.AsNoTracking().SingleAsync(r => r.Key == "sh");
            var evaluation = await sp.GetRequiredService<RuleEvaluator>().EvaluateAsync(rule, within: null, CancellationToken.None);
            Assert.Equal(2, evaluation.AddCount);

            // The mover leaves Shanghai after the decision was made and before it is written.
            await api.PatchAsync($"/v1/customers/{mover}", new { city = "Beijing" });
            var (a, r) = await sp.GetRequiredService<RuleChangeWriter>().ApplyAsync(evaluation, CancellationToken.None);
            return (a, r, await db.TagHistory.AsNoTracking().Select(h => h.CustomerId).ToListAsync());
        });

        Assert.Equal((1L, 0L), (added, removed));
        Assert.Single(lines);
        Assert.Equal(["shanghai"], await api.TagKeysOfAsync(stayer));
        Assert.Empty(await api.TagKeysOfAsync(mover));
    }
}

public sealed class StaleRuleDecisionOnSqlite(SqliteTagApiFactory factory) : StaleRuleDecisionTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class StaleRuleDecisionOnPostgres(PostgresTagApiFactory factory) : StaleRuleDecisionTests(factory), IClassFixture<PostgresTagApiFactory>;
