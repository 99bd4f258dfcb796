using TagApi.Api.Fairness;

namespace TagApi.Api.Tests.Fairness;

/// <summary>The rotation of turns between tenants, on the scheduler itself.</summary>
public sealed class TenantTurnsTests
{
    [Fact]
    public async Task Freed_turns_go_round_the_tenants_with_requests_waiting()
    {
        var turns = new TenantTurns(new FairnessOptions { ConcurrentRequests = 1 });
        Assert.Equal(TurnOutcome.Granted, await turns.EnterAsync("big", CancellationToken.None));
        var order = new List<string>();
        var waits = new[] { "big#1", "big#2", "big#3", "small-a#1", "small-b#1", "small-a#2" }
            .Select(name => Waiting(turns, name, order))
            .ToList();
        Assert.Equal(6, turns.Waiting);

        for (var i = 0; i < waits.Count; i++)
        {
            turns.Leave();
            var expected = i + 1;
            await WaitUntilAsync(() =>
            {
                lock (order)
                {
                    return order.Count == expected;
                }
            });
        }

        // One turn per tenant in each round, in the order the tenants first waited.
        await Task.WhenAll(waits);
        Assert.Equal(["big#1", "small-a#1", "small-b#1", "big#2", "small-a#2", "big#3"], order);
        turns.Leave();
        Assert.Equal(0, turns.Running);
        Assert.Equal(0, turns.Waiting);
    }

    [Fact]
    public async Task A_tenant_with_a_full_line_is_refused_while_others_still_wait()
    {
        var turns = new TenantTurns(new FairnessOptions { ConcurrentRequests = 1, QueuePerTenant = 1 });
        Assert.Equal(TurnOutcome.Granted, await turns.EnterAsync("a", CancellationToken.None));
        var waiting = turns.EnterAsync("a", CancellationToken.None).AsTask();
        Assert.Equal(TurnOutcome.QueueFull, await turns.EnterAsync("a", CancellationToken.None));
        var other = turns.EnterAsync("b", CancellationToken.None).AsTask();
        Assert.Equal(2, turns.Waiting);

        turns.Leave();
        Assert.Equal(TurnOutcome.Granted, await waiting);
        turns.Leave();
        Assert.Equal(TurnOutcome.Granted, await other);
        turns.Leave();
        Assert.Equal(0, turns.Running);
    }

    [Fact]
    public async Task A_wait_past_the_longest_wait_is_refused_and_gives_its_place_up()
    {
        var turns = new TenantTurns(new FairnessOptions { ConcurrentRequests = 1, MaxWaitSeconds = 0.05 });
        Assert.Equal(TurnOutcome.Granted, await turns.EnterAsync("a", CancellationToken.None));
        Assert.Equal(TurnOutcome.WaitedTooLong, await turns.EnterAsync("b", CancellationToken.None));
        Assert.Equal(0, turns.Waiting);

        // The turn goes back to the pool, not to the request that gave up.
        turns.Leave();
        Assert.Equal(0, turns.Running);
        Assert.Equal(TurnOutcome.Granted, await turns.EnterAsync("b", CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_holds_nothing()
    {
        var turns = new TenantTurns(new FairnessOptions { ConcurrentRequests = 1 });
        Assert.Equal(TurnOutcome.Granted, await turns.EnterAsync("a", CancellationToken.None));
        using var cancel = new CancellationTokenSource();
        var abandoned = turns.EnterAsync("b", cancel.Token).AsTask();
        var next = turns.EnterAsync("c", CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        turns.Leave();
        Assert.Equal(TurnOutcome.Granted, await next);
        Assert.Equal(1, turns.Running);
        Assert.Equal(0, turns.Waiting);
    }

    [Fact]
    public void Without_a_limit_turns_are_off()
    {
        Assert.False(new TenantTurns(new FairnessOptions()).Enabled);
        Assert.True(new TenantTurns(new FairnessOptions { ConcurrentRequests = 8 }).Enabled);
    }

    private static async Task Waiting(TenantTurns turns, string name, List<string> order)
    {
        var tenant = name.Split('#')[0];
        var outcome = await turns.EnterAsync(tenant, CancellationToken.None);
        Assert.Equal(TurnOutcome.Granted, outcome);
        lock (order)
        {
            order.Add(name);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
