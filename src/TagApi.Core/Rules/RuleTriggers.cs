using TagApi.Core.Common;
using TagApi.Core.Data.Saving;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Rules;

/// <summary>
/// Customers whose rules the background evaluator should re-evaluate, with the owed-evaluation rows
/// (<see cref="OwedRuleEvaluation"/>) their commits wrote, which the evaluator deletes once it has evaluated them.
/// </summary>
public sealed class RuleTriggers(CommitNotifications notifications) : ChangedCustomerQueue(notifications)
{
    private static readonly string Instance = Leases.NewToken();
    private long _holdTicks;

    /// <summary>How this instance holds the rows its own commits owe.</summary>
    /// <param name="Owner">Names this instance in the rows.</param>
    /// <param name="Length">How long the hold lasts before any instance may claim them.</param>
    public readonly record struct Hold(string Owner, TimeSpan Length);

    /// <summary>
    /// The hold owed rows are born with while this instance's rule worker runs; null otherwise (they are born free, and
    /// whichever worker sweeps first takes them).
    /// </summary>
    public Hold? BornHold => Interlocked.Read(ref _holdTicks) is > 0 and var ticks ? new Hold(Instance, TimeSpan.FromTicks(ticks)) : null;

    /// <summary>The rule worker starts taking this instance's changes from memory, holding their rows for <paramref name="hold"/>.</summary>
    public void Attach(TimeSpan hold) => Interlocked.Exchange(ref _holdTicks, hold.Ticks);

    /// <summary>The rule worker stops: rows owed from now on are born free.</summary>
    public void Detach() => Interlocked.Exchange(ref _holdTicks, 0);

    protected override IReadOnlyCollection<Guid> OwedOf(CommittedChange change) => change.OwedRuleEvaluations;
}
