namespace TagApi.Core.Webhooks;

/// <summary>
/// When the retries this instance has scheduled fall due, so the claim loop wakes for them then. With the poll alone,
/// a receiver failing half the time had a second's worth of its retries claimed at once and sent in one burst, which
/// took the cores from every other endpoint's deliveries while it lasted; claimed as they fall
/// due they are a steady trickle, and each is sent when it is due rather than up to a poll later. Due times are kept
/// in slots of <see cref="Spacing"/>, so the loop wakes no more often than that however many retries there are; a
/// retry due beyond <see cref="Horizon"/> is left to the poll. Retries scheduled by other instances are found by the
/// poll as before.
/// </summary>
internal sealed class RetryWakeups
{
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(1);

    // Slot n ends at n × Spacing (in ticks since 0001-01-01): every retry in it is due when it ends.
    private readonly SortedSet<long> _slots = [];
    private readonly Lock _lock = new();
    private long _plannedWakeSlot = long.MaxValue;

    /// <summary>
    /// Notes retries scheduled at <paramref name="due"/>; true when one of them falls due before the claim loop
    /// planned to wake (it is then to be woken, to wait again for the right time).
    /// </summary>
    public bool Add(IEnumerable<DateTime> due, DateTime now)
    {
        var earliest = long.MaxValue;
        lock (_lock)
        {
            foreach (var at in due)
            {
                if (at - now <= Horizon)
                {
                    var slot = SlotOf(at);
                    _slots.Add(slot);
                    earliest = Math.Min(earliest, slot);
                }
            }

            return earliest < _plannedWakeSlot;
        }
    }

    /// <summary>
    /// How long the claim loop may wait, at most <paramref name="poll"/>, given that its last claim was taken at
    /// <paramref name="claimedAt"/>: the retries of every slot that had ended by then were claimable by it.
    /// </summary>
    public TimeSpan Wait(DateTime claimedAt, DateTime now, TimeSpan poll)
    {
        lock (_lock)
        {
            var claimedSlot = claimedAt.Ticks / Spacing.Ticks;
            while (_slots.Count > 0 && _slots.Min <= claimedSlot)
            {
                _slots.Remove(_slots.Min);
            }

            if (_slots.Count == 0 || new DateTime(_slots.Min * Spacing.Ticks) - now >= poll)
            {
                _plannedWakeSlot = SlotOf(now + poll);
                return poll;
            }

            _plannedWakeSlot = _slots.Min;
            var until = new DateTime(_slots.Min * Spacing.Ticks) - now;
            return until > TimeSpan.Zero ? until : TimeSpan.Zero;
        }
    }

    private static long SlotOf(DateTime at) => (at.Ticks + Spacing.Ticks - 1) / Spacing.Ticks;
}
