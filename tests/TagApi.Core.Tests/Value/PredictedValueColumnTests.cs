using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;
using TagApi.Core.Value;

namespace TagApi.Core.Tests.Value;

/// <summary>
/// Segments on the predictions are answered from columns kept per model and day; they must select exactly the
/// customers a test of every row selects — after purchases, removals and new customers, for a reader still holding
/// an older snapshot, on the next day and with a refitted model.
/// </summary>
public sealed class PredictedValueColumnTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 15, 30, 0, DateTimeKind.Utc);

    private static readonly string[] Queries =
    [
        "pAlive < 0.3", "pAlive <= 0.5", "pAlive > 0.75", "pAlive >= 1", "pAlive = 1", "pAlive != 1", "pAlive IS NULL", "pAlive IS NOT NULL",
        "NOT pAlive < 0.3", "pAlive BETWEEN 0.2 AND 0.6", "pAlive IN (1, 0.5)", "expectedPurchases90d > 0.4", "predictedClv365d >= 80",
        "pAlive < 0.3 AND predictedClv365d > 20", "pAlive < 0.2 OR expectedPurchases90d >= 1.5", "pAlive < 0.12345",
    ];

    [Fact]
    public void Columns_agree_with_the_rows_across_writes_days_and_refits()
    {
        var simulation = new Simulation(7);
        var histories = Enumerable.Range(0, 3_000).Select(_ => History(simulation, Now)).ToList();
        var index = ValueTenants.Index(new ActivityVocabulary(), histories);
        var purchase = index.Vocabulary.FindType("purchase")!.Value;
        var random = new Random(7);

        var before = index.Current;
        var answersBefore = Queries.Select(q => Check(before, q, Now)).ToList();
        for (var round = 0; round < 3; round++)
        {
            var changed = new List<IndexedCustomer>();
            var removed = new List<long>();
            var rows = index.Current;
            foreach (var ordinal in rows.Live.Enumerate().ToList())
            {
                var row = rows.Rows[ordinal]!;
                switch (random.Next(10))
                {
                    case 0:
                        removed.Add(row.Id);
                        break;
                    case 1:
                        var timeline = ActivityTimeline.From(row.Activities.Points.ToArray()
                            .Append(new ActivityPoint(Now.AddHours(-random.Next(1, 500)).Ticks, 10_000_000 + changed.Count, ActivityPoint.ToUnits(25m), purchase, 0)));
                        changed.Add(new IndexedCustomer(ValueTenants.Row(row.Id, timeline), [], timeline));
                        break;
                }
            }

            var next = rows.CustomerIdAt(rows.Rows.Count - 1) + 1;
            changed.AddRange(Enumerable.Range(0, 100).Select(i =>
            {
                var history = History(simulation, Now);
                var timeline = ActivityTimeline.From(history.Select((p, k) => new ActivityPoint(p.At.Ticks, 20_000_000 + (i * 100) + k, ActivityPoint.ToUnits(p.Amount), purchase, 0)));
                return new IndexedCustomer(ValueTenants.Row(next + i, timeline), [], timeline);
            }));
            index.Apply(changed, removed);

            foreach (var query in Queries)
            {
                Check(index.Current, query, Now);
            }
        }

        // A reader still on the first snapshot gets that snapshot's answers, and the newest is right again after it.
        Assert.Equal(answersBefore, Queries.Select(q => Check(before, q, Now)).ToList());
        Assert.All(Queries, q => Check(index.Current, q, Now));

        // The next day (and, an hour past the refresh interval, a refitted model) starts the columns afresh.
        foreach (var query in Queries)
        {
            Check(index.Current, query, Now.AddDays(1).AddHours(2));
        }
    }

    private static IReadOnlyList<(DateTime At, decimal Amount)> History(Simulation simulation, DateTime now)
    {
        var observed = Math.Floor(simulation.Uniform(30, 720));
        var first = now.Date.AddDays(-observed).AddHours(10);
        var (stats, times) = simulation.Customer(new BgNbdParameters(0.8, 30, 0.9, 2.5), observed);
        var spend = stats.X > 0 ? simulation.MeanSpend(new GammaGammaParameters(6, 4, 15), (int)stats.X) : 40;
        return [(first, 30m), .. times.Select(t => (first.AddDays(t), Math.Round((decimal)spend, 2)))];
    }

    private static int Check(IndexSnapshot snapshot, string text, DateTime now)
    {
        var query = SegmentQueryParser.Parse(text);
        var expression = new QueryCompiler(snapshot, _ => null, now).Compile(query);
        long[] actual = [.. snapshot.Evaluator.Enumerate(expression).Select(snapshot.CustomerIdAt)];

        var model = snapshot.Value.Get(snapshot, now);
        var holds = Naive(query, model, now);
        long[] expected = [.. snapshot.Live.Enumerate().Where(o => holds(snapshot.Rows[o]!)).Select(snapshot.CustomerIdAt)];
        Assert.True(expected.SequenceEqual(actual), $"`{text}`: rows {expected.Length}, columns {actual.Length}");
        Assert.NotNull(model.Fit);
        return actual.Length;
    }

    // The reference: every row tested by the row predicates of the value fields.
    private static Func<CustomerRow, bool> Naive(QueryNode node, TenantValueModel model, DateTime now)
    {
        switch (node)
        {
            case AndNode a:
                var all = a.Operands.Select(o => Naive(o, model, now)).ToArray();
                return row => all.All(t => t(row));
            case OrNode o:
                var any = o.Operands.Select(x => Naive(x, model, now)).ToArray();
                return row => any.Any(t => t(row));
            case NotNode n:
                var inner = Naive(n.Operand, model, now);
                return row => !inner(row);
            default:
                return ValueFields.Compile(node, model, now);
        }
    }
}
