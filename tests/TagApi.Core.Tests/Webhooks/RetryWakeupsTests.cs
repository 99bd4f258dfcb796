using TagApi.Core.Webhooks;

namespace TagApi.Core.Tests.Webhooks;

public sealed class RetryWakeupsTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    [Fact]
    public void With_nothing_scheduled_the_loop_waits_for_the_poll()
    {
        Assert.Equal(Poll, new RetryWakeups().Wait(Now, Now, Poll));
    }

    [Fact]
    public void The_loop_wakes_when_the_slot_of_the_earliest_retry_ends()
    {
        var wakeups = new RetryWakeups();
        wakeups.Add([Now.AddMilliseconds(420), Now.AddMilliseconds(430), Now.AddMilliseconds(720)], Now);

        // 420 and 430 ms share the slot ending at 450 ms: one wake for both.
        Assert.Equal(TimeSpan.FromMilliseconds(450), wakeups.Wait(Now, Now, Poll));
        // The claim at 450 ms took them; next is 720 ms's slot.
        Assert.Equal(TimeSpan.FromMilliseconds(300), wakeups.Wait(Now.AddMilliseconds(450), Now.AddMilliseconds(450), Poll));
        Assert.Equal(Poll, wakeups.Wait(Now.AddMilliseconds(750), Now.AddMilliseconds(750), Poll));
    }

    [Fact]
    public void A_slot_that_ended_after_the_last_claim_was_taken_is_claimed_for_at_once()
    {
        var wakeups = new RetryWakeups();
        wakeups.Add([Now.AddMilliseconds(30)], Now);

        // The claim was taken at 0 ms and took 60 ms: the retry due at 30 ms may not have been in it.
        Assert.Equal(TimeSpan.Zero, wakeups.Wait(Now, Now.AddMilliseconds(60), Poll));
    }

    [Fact]
    public void Retries_due_later_than_the_poll_leave_the_loop_on_the_poll()
    {
        var wakeups = new RetryWakeups();
        wakeups.Add([Now.AddSeconds(5)], Now);

        Assert.Equal(Poll, wakeups.Wait(Now, Now, Poll));
        Assert.Equal(TimeSpan.FromMilliseconds(500), wakeups.Wait(Now.AddSeconds(4.5), Now.AddSeconds(4.5), Poll));
    }

    [Fact]
    public void A_retry_due_before_the_planned_wake_asks_for_the_loop_to_be_woken()
    {
        var wakeups = new RetryWakeups();
        wakeups.Wait(Now, Now, TimeSpan.FromMinutes(10));

        Assert.True(wakeups.Add([Now.AddSeconds(5)], Now));
        wakeups.Wait(Now, Now, TimeSpan.FromMinutes(10));
        Assert.False(wakeups.Add([Now.AddSeconds(6)], Now));
        Assert.True(wakeups.Add([Now.AddSeconds(4)], Now));
    }

    [Fact]
    public void Retries_beyond_the_horizon_are_left_to_the_poll()
    {
        var wakeups = new RetryWakeups();
        wakeups.Wait(Now, Now, TimeSpan.FromHours(1));

        Assert.False(wakeups.Add([Now + RetryWakeups.Horizon + TimeSpan.FromSeconds(1)], Now));
        Assert.Equal(TimeSpan.FromHours(1), wakeups.Wait(Now, Now, TimeSpan.FromHours(1)));
    }
}
