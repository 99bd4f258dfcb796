using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments.Columns;

/// <summary>
/// Field predicates answered from the columns must select exactly the customers a plain test of
/// every row selects — on random data, after rounds of updates, removals and new customers, and
/// an earlier snapshot must keep its own answers while later changes are applied.
/// </summary>
public sealed class ColumnDifferentialTests
{
    private const long VipTag = 1;
    private static readonly DateTime Now = new(2026, 11, 24, 13, 37, 21, DateTimeKind.Utc);
    private static readonly TagCatalog Catalog = new([new IndexedTag(VipTag, "vip", 1, null)], new Dictionary<string, long>(), new Dictionary<string, long> { ["basic"] = 1 });

    [Fact]
    public void Columns_agree_with_a_row_scan_before_and_after_rounds_of_writes()
    {
        var random = new Random(20261124);
        var rows = new RandomCustomers(random, Now);
        var model = new SortedDictionary<long, (CustomerRow Row, bool Vip)>();
        for (var id = 1L; id <= 3_000; id++)
        {
            model[id * 3] = (rows.Next(id * 3), random.Next(3) == 0);
        }

        var index = new TenantIndex(Catalog, new ActivityVocabulary(), model.Values.Select(Indexed));
        var queries = new RandomFieldPredicates(random, Now);
        for (var round = 0; round < 4; round++)
        {
            var asked = Enumerable.Range(0, 400).Select(_ => queries.Next()).ToList();
            var snapshot = index.Current;
            var answers = asked.Select(q => Check(snapshot, model, q)).ToList();

            var changed = new List<IndexedCustomer>();
            var removed = new List<long>();
            foreach (var id in model.Keys.ToList())
            {
                switch (random.Next(12))
                {
                    case 0:
                        model.Remove(id);
                        removed.Add(id);
                        break;
                    case 1 or 2:
                        model[id] = (rows.Next(id), random.Next(3) == 0);
                        changed.Add(Indexed(model[id]));
                        break;
                }
            }

            var next = model.Keys.Last() + 1;
            for (var id = next; id < next + 200; id++)
            {
                model[id] = (rows.Next(id), random.Next(3) == 0);
                changed.Add(Indexed(model[id]));
            }

            index.Apply(changed, removed);

            // The snapshot taken before the writes still answers as it did.
            for (var i = 0; i < 50; i++)
            {
                Assert.Equal(answers[i], Members(snapshot, asked[i]));
            }
        }

        foreach (var query in Enumerable.Range(0, 400).Select(_ => queries.Next()))
        {
            Check(index.Current, model, query);
        }
    }

    [Fact]
    public void Values_beyond_the_distinct_limit_are_answered_from_the_rows()
    {
        var random = new Random(11);
        var rows = new RandomCustomers(random, Now);
        var model = new SortedDictionary<long, (CustomerRow Row, bool Vip)>();
        for (var id = 1L; id <= 70_000; id++)
        {
            model[id] = (rows.Next(id) with { City = $"c{id}" }, false);
        }

        var index = new TenantIndex(Catalog, new ActivityVocabulary(), model.Values.Select(Indexed));

        Check(index.Current, model, SegmentQueryParser.Parse("city = 'c69999'"));
        Check(index.Current, model, SegmentQueryParser.Parse("city STARTS WITH 'c6999'"));
        Check(index.Current, model, SegmentQueryParser.Parse("city != 'c3' AND city IN ('c1', 'c69998', 'C5')"));
    }

    [Fact]
    public void The_memory_figure_counts_the_columns()
    {
        var random = new Random(7);
        var rows = new RandomCustomers(random, Now);
        var index = new TenantIndex(Catalog, new ActivityVocabulary(), Enumerable.Range(1, 5_000).Select(i => new IndexedCustomer(rows.Next(i), [])));

        Assert.True(index.Current.ColumnMemoryBytes > 5_000 * 8 * 6, "six range columns of eight bytes per customer at least");
        Assert.True(index.Current.MemoryBytes > index.Current.ColumnMemoryBytes);
    }

    private static IndexedCustomer Indexed((CustomerRow Row, bool Vip) customer) =>
        new(customer.Row, customer.Vip ? [VipTag] : []);

    private static long[] Check(IndexSnapshot snapshot, SortedDictionary<long, (CustomerRow Row, bool Vip)> model, QueryNode query)
    {
        var holds = Naive(query);
        var expected = model.Values.Where(c => holds(c.Row, c.Vip)).Select(c => c.Row.Id).ToArray();
        var actual = Members(snapshot, query);
        Assert.True(expected.SequenceEqual(actual),
            $"`{SegmentQueryFormatter.Format(query)}`: rows {expected.Length}, columns {actual.Length}; only rows: [{string.Join(",", expected.Except(actual).Take(5))}], only columns: [{string.Join(",", actual.Except(expected).Take(5))}]");
        return actual;
    }

    private static long[] Members(IndexSnapshot snapshot, QueryNode query)
    {
        var expression = new QueryCompiler(snapshot, _ => null, Now).Compile(query);
        return [.. snapshot.Evaluator.Enumerate(expression).Select(snapshot.CustomerIdAt)];
    }

    // The reference: every row tested with the row predicates the engine used before it had columns.
    private static Func<CustomerRow, bool, bool> Naive(QueryNode node)
    {
        switch (node)
        {
            case AndNode a:
                var all = a.Operands.Select(Naive).ToArray();
                return (row, vip) => all.All(t => t(row, vip));
            case OrNode o:
                var any = o.Operands.Select(Naive).ToArray();
                return (row, vip) => any.Any(t => t(row, vip));
            case NotNode n:
                var operand = Naive(n.Operand);
                return (row, vip) => !operand(row, vip);
            case TagEquals:
                return (_, vip) => vip;
            default:
                var test = FieldPredicates.Compile(node, Now, new ActivityVocabulary());
                return (row, _) => test(row);
        }
    }
}
