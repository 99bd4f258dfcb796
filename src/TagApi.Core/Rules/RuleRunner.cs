using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments;

namespace TagApi.Core.Rules;

/// <summary>The outcome of a run or a preview.</summary>
public sealed record RuleRunResult(RuleRun Run, IReadOnlyList<long> SampleAdded, IReadOnlyList<long> SampleRemoved);

/// <summary>
/// Full runs of a rule: claims the rule's lease (so among several server instances one runs it at
/// a time), evaluates its group against the index, writes only the diff, records the run with its
/// counts and duration, and schedules the next run. A preview computes the same diff and writes nothing.
/// </summary>
public sealed class RuleRunner(TagApiDbContext db, RuleEvaluator evaluator, RuleChangeWriter writer, PersonalDataGuard personalData, TimeProvider clock)
{
    private const int SampleSize = RuleLimits.PreviewSampleSize;

    /// <summary>A lease outlives any sane run; a crashed holder's lease simply expires.</summary>
    private static readonly TimeSpan LeaseLength = TimeSpan.FromMinutes(10);

    /// <summary>The diff a run would write now, for a caller (refused when it reads personal data the caller may not).</summary>
    public async Task<RuleRunResult> PreviewAsync(TaggingRule rule, CancellationToken ct)
    {
        await personalData.EnsureMayReadAsync(await evaluator.GroupConditionsAsync(rule, ct), ct);
        var started = Stopwatch.StartNew();
        var evaluation = await evaluator.EvaluateAsync(rule, within: null, ct);
        var own = evaluation.Tags.Where(t => t.OwnerRule.Id == rule.Id).ToList();
        var run = new RuleRun
        {
            RuleId = rule.Id, RuleVersion = rule.Version, Trigger = "preview", StartedAt = evaluation.Now,
            Added = own.Sum(t => t.Add.Cardinality), Removed = own.Sum(t => t.Remove.Cardinality),
            Matched = own.Sum(t => t.Desired.Cardinality), DurationMs = started.Elapsed.TotalMilliseconds,
        };
        return new RuleRunResult(run, Sample(evaluation, own.Select(t => t.Add)), Sample(evaluation, own.Select(t => t.Remove)));
    }

    /// <summary>
    /// A run asked for by a client: refused with a conflict while the rule is being run elsewhere, and
    /// like a preview when it reads personal data the caller may not (its samples are a fresh evaluation).
    /// </summary>
    public async Task<RuleRunResult> RunNowAsync(TaggingRule rule, CancellationToken ct)
    {
        await personalData.EnsureMayReadAsync(await evaluator.GroupConditionsAsync(rule, ct), ct);
        return await RunAsync(rule.Id, "manual", ct)
            ?? throw new ConflictException("rule_running", $"Rule '{rule.Key}' is being run right now (by this or another server); try again when it finishes.");
    }

    /// <summary>
    /// Runs the rule now; null when another instance holds its lease, or — with
    /// <paramref name="onlyIfDue"/> — when another instance ran it since it was found due.
    /// </summary>
    public async Task<RuleRunResult?> RunAsync(long ruleId, string trigger, CancellationToken ct, bool onlyIfDue = false)
    {
        var lease = Leases.NewToken();
        if (!await Leases.TryTakeAsync(db.Rules, ruleId, lease, clock.UtcNow(), LeaseLength, ct))
        {
            return null;
        }

        try
        {
            var rule = await db.Rules.AsNoTracking().FirstAsync(r => r.Id == ruleId, ct);
            if (onlyIfDue && !(rule.Enabled && rule.NextEvaluationAt <= clock.UtcNow()))
            {
                return null;
            }

            var started = Stopwatch.StartNew();
            var startedAt = clock.UtcNow();
            var run = new RuleRun { RuleId = rule.Id, RuleVersion = rule.Version, Trigger = trigger, StartedAt = startedAt };
            IReadOnlyList<long> sampleAdded = [], sampleRemoved = [];
            var evaluatedAt = startedAt;
            try
            {
                var evaluation = await evaluator.EvaluateAsync(rule, within: null, ct);
                evaluatedAt = evaluation.Now;
                var own = evaluation.Tags.Where(t => t.OwnerRule.Id == rule.Id).ToList();
                sampleAdded = Sample(evaluation, own.Select(t => t.Add));
                sampleRemoved = Sample(evaluation, own.Select(t => t.Remove));
                (run.Added, run.Removed) = await writer.ApplyAsync(evaluation, ct);
                run.Matched = own.Sum(t => t.Desired.Cardinality);
            }
            catch (Exception e) when (e is TagApiException or DbUpdateException or InvalidOperationException)
            {
                run.Error = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            }

            run.DurationMs = started.Elapsed.TotalMilliseconds;
            await FinishAsync(run, rule.Id, rule.NextEvaluationAt, evaluatedAt, ct);
            return new RuleRunResult(run, sampleAdded, sampleRemoved);
        }
        finally
        {
            await Leases.ReleaseAsync(db.Rules, ruleId, lease);
        }
    }

    // Staleness is measured from the "now" the conditions were evaluated at. A change that made the
    // rule due while it ran (its definition, or the tag structure its conditions name) may not be in
    // what this run evaluated, so it is not swallowed: the rule stays due and runs again.
    private async Task FinishAsync(RuleRun run, long ruleId, DateTime? dueAtStart, DateTime evaluatedAt, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var rule = await db.Rules.FirstAsync(r => r.Id == ruleId, ct);
        rule.LastEvaluatedAt = evaluatedAt;
        var madeDueMeanwhile = rule.NextEvaluationAt != dueAtStart;
        rule.NextEvaluationAt = !rule.Enabled ? null : madeDueMeanwhile ? rule.NextEvaluationAt : evaluatedAt.AddMinutes(rule.IntervalMinutes);
        run.Rule = rule;
        db.RuleRuns.Add(run);
        await db.SaveChangesAsync(ct);
    }

    private static List<long> Sample(GroupEvaluation evaluation, IEnumerable<Segments.Index.RoaringBitmap> bitmaps) =>
        bitmaps.SelectMany(b => b.Enumerate().Take(SampleSize)).Order().Take(SampleSize).Select(evaluation.Snapshot.CustomerIdAt).ToList();
}
