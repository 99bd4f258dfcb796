using TagApi.Core.Segments.Columns;
using TagApi.Core.Segments.Index;

namespace TagApi.Core.Tests.Segments.Columns;

public sealed class RangeColumnTests
{
    private const int Ordinals = 70_000;

    [Fact]
    public void A_range_selects_the_keyed_ordinals_inside_it_and_never_an_absent_one()
    {
        var (column, keys) = RandomColumn(new Random(1));
        var view = column.Snapshot();

        foreach (var range in new[] { new KeyRange(long.MinValue, ColumnKeys.Absent), KeyRange.From(500), KeyRange.Below(-3), new KeyRange(10, 11), KeyRange.Empty })
        {
            Assert.Equal(Naive(keys, range, negated: false), view.Matching(range, negated: false).ToArray());
            Assert.Equal(Naive(keys, range, negated: true), view.Matching(range, negated: true).ToArray());
        }
    }

    [Fact]
    public void A_view_keeps_its_keys_while_the_column_changes_and_is_reused_while_it_does_not()
    {
        var random = new Random(2);
        var (column, keys) = RandomColumn(random);
        var before = column.Snapshot();
        var frozen = (long[])keys.Clone();
        Assert.Same(before, column.Snapshot());

        for (var i = 0; i < 5_000; i++)
        {
            var ordinal = random.Next(Ordinals);
            keys[ordinal] = random.Next(4) == 0 ? ColumnKeys.Absent : random.Next(-1_000, 1_000);
            column.Set(ordinal, keys[ordinal]);
        }

        var after = column.Snapshot();
        Assert.NotSame(before, after);
        Assert.Equal(Naive(frozen, KeyRange.From(0), negated: false), before.Matching(KeyRange.From(0), negated: false).ToArray());
        Assert.Equal(Naive(keys, KeyRange.From(0), negated: false), after.Matching(KeyRange.From(0), negated: false).ToArray());
    }

    [Fact]
    public void A_moving_bound_gives_the_same_members_as_an_exact_scan()
    {
        var random = new Random(3);
        var (column, keys) = RandomColumn(random);
        var view = column.Snapshot();
        var evaluator = new BitmapEvaluator(RoaringBitmap.FromSorted([.. Enumerable.Range(0, Ordinals)]));

        for (var i = 0; i < 200; i++)
        {
            var bound = random.Next(-1_200, 1_200);
            var range = random.Next(2) == 0 ? KeyRange.From(bound) : KeyRange.Below(bound);
            Assert.Equal(Naive(keys, range, negated: false), evaluator.Materialize(view.Matching(range, negated: false, bucket: 100)).ToArray());
        }
    }

    private static (RangeColumn Column, long[] Keys) RandomColumn(Random random)
    {
        var column = new RangeColumn(0);
        var keys = new long[Ordinals];
        for (var ordinal = 0; ordinal < Ordinals; ordinal++)
        {
            column.AppendOrdinal();
            keys[ordinal] = random.Next(5) == 0 ? ColumnKeys.Absent : random.Next(-1_000, 1_000);
            column.Set(ordinal, keys[ordinal]);
        }

        return (column, keys);
    }

    private static int[] Naive(long[] keys, KeyRange range, bool negated) =>
        [.. Enumerable.Range(0, keys.Length).Where(o => keys[o] != ColumnKeys.Absent && (keys[o] >= range.Low && keys[o] < range.High) != negated)];
}
