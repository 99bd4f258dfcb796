using TagApi.Core.Segments.Index;
using static TagApi.Core.Segments.Index.BitmapExpression;

namespace TagApi.Core.Tests.Segments.Index;

public sealed class EvaluatingBitmapExpressionsTests
{
    // Ordinals 0..9 with 3 and 7 deleted.
    private static readonly RoaringBitmap Live = RoaringBitmap.FromSorted([0, 1, 2, 4, 5, 6, 8, 9]);
    private readonly BitmapEvaluator _evaluator = new(Live);

    [Fact]
    public void Not_is_taken_within_the_live_ordinals_so_deleted_ones_never_appear()
    {
        var tagged = RoaringBitmap.FromSorted([1, 2]);

        Assert.Equal([0, 4, 5, 6, 8, 9], _evaluator.FirstPage(Not(Leaf(tagged)), -1, 100));
        Assert.Equal(6, _evaluator.Count(Not(Leaf(tagged))));
    }

    [Fact]
    public void Members_of_a_leaf_that_are_not_live_are_left_out()
    {
        var stale = RoaringBitmap.FromSorted([3, 4, 7, 12]);

        Assert.Equal([4], _evaluator.FirstPage(Leaf(stale), -1, 100));
        Assert.Equal([4], _evaluator.FirstPage(Or(Leaf(stale), None), -1, 100));
    }

    [Fact]
    public void All_is_the_live_set_and_None_is_empty()
    {
        Assert.Equal(Live.ToArray(), _evaluator.Enumerate(All));
        Assert.Empty(_evaluator.Enumerate(None));
        Assert.Equal(0, _evaluator.Count(And(All, Not(All))));
        Assert.Equal(8, _evaluator.Count(Or(None, Not(None))));
        Assert.Equal(8, _evaluator.Count(And()));
        Assert.Equal(0, _evaluator.Count(Or()));
        Assert.True(_evaluator.Materialize(None).IsEmpty);
    }

    [Fact]
    public void FirstPage_returns_ordinals_strictly_after_the_cursor_up_to_the_limit()
    {
        Assert.Equal([0, 1, 2], _evaluator.FirstPage(All, -1, 3));
        Assert.Equal([4, 5, 6], _evaluator.FirstPage(All, 2, 3));
        Assert.Equal([4, 5], _evaluator.FirstPage(All, 3, 2));
        Assert.Equal([9], _evaluator.FirstPage(All, 8, 50));
        Assert.Empty(_evaluator.FirstPage(All, 9, 50));
        Assert.Empty(_evaluator.FirstPage(All, int.MaxValue, 50));
        Assert.Empty(_evaluator.FirstPage(All, -1, 0));
        Assert.Equal([0, 1], _evaluator.FirstPage(All, int.MinValue, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => _evaluator.FirstPage(All, -1, -1));
    }

    [Fact]
    public void Visiting_hands_out_ascending_batches_and_stops_when_asked()
    {
        var universe = new RoaringBitmap();
        universe.AddRange(0, 10_000);
        var evaluator = new BitmapEvaluator(universe);
        var batches = new List<int[]>();

        evaluator.Visit(All, batch =>
        {
            batches.Add(batch.ToArray());
            return batches.Count < 2;
        });

        Assert.Equal(2, batches.Count);
        Assert.Equal(Enumerable.Range(0, batches[0].Length + batches[1].Length), batches.SelectMany(b => b));

        var resumed = new List<int>();
        evaluator.Visit(All, batch => { resumed.AddRange(batch.ToArray()); return true; }, afterOrdinal: 9_990);
        Assert.Equal(Enumerable.Range(9_991, 9), resumed);
    }

    [Fact]
    public void A_tiny_operand_drives_an_and_across_chunks_where_the_others_are_dense()
    {
        var universe = new RoaringBitmap();
        universe.AddRange(0, 300_000);
        var dense = new RoaringBitmap();
        dense.AddRange(0, 300_000);
        dense.Remove(131_073);
        var tiny = RoaringBitmap.FromSorted([5, 65_535, 65_536, 131_073, 299_999]);
        var evaluator = new BitmapEvaluator(universe);

        var expression = And(Leaf(dense), Leaf(tiny), Not(Leaf(RoaringBitmap.FromSorted([5]))));

        Assert.Equal([65_535, 65_536, 299_999], evaluator.Enumerate(expression));
        Assert.Equal([65_536, 299_999], evaluator.FirstPage(expression, 65_535, 10));
        Assert.Equal(3, evaluator.Count(expression));
    }

    [Fact]
    public void Counting_and_materialising_many_chunks_in_parallel_match_the_sequential_walk()
    {
        // 100 chunks: enough for work to be split across cores (48 chunks per worker).
        const int size = 100 << 16;
        var sets = new RandomSets(42);
        var universe = RoaringBitmap.FromSorted(sets.Universe(size));
        var a = RoaringBitmap.FromSorted(sets.Uniform(size, 0.4));
        var b = RoaringBitmap.FromSorted(sets.Uniform(size, 0.002));
        var c = RoaringBitmap.FromSorted(sets.Clustered(size));
        var query = new BitmapEvaluator(universe).Compile(Or(And(Leaf(a), Not(Leaf(c))), Leaf(b)));

        var sequential = query.Enumerate().ToArray();

        Assert.Equal(sequential.Length, query.Count());
        BitmapInvariants.Matches(sequential, query.Materialize(), "parallel materialise");
        Assert.True(sequential.Length > 100_000);
    }

    [Fact]
    public void A_mid_density_array_chunk_evaluated_densely_reflects_later_changes_and_leaves_snapshots_alone()
    {
        // 2,000 members: an array container large enough to keep its word form between queries.
        var universe = new RoaringBitmap();
        universe.AddRange(0, 70_000);
        var tag = RoaringBitmap.FromSorted(Enumerable.Range(0, 2_000).Select(i => i * 30).ToArray());
        var other = RoaringBitmap.FromSorted([1, 2]);
        var evaluator = new BitmapEvaluator(universe);
        var query = evaluator.Compile(Or(Leaf(tag), Leaf(other)));
        Assert.Equal(2_002, query.Count());

        // Changed in place by its owner right after a dense evaluation, one kind of change at a time.
        tag.Remove(0);
        Assert.Equal(2_001, query.Count());
        tag.Add(31);
        Assert.IsType<ArrayContainer>(tag.GetChunk(0));
        Assert.Equal(2_002, query.Count());
        Assert.Equal([1, 2, 30, 31, 60], query.FirstPage(-1, 5));

        // Changed after a snapshot: the published copy keeps its contents.
        var published = tag.Snapshot();
        tag.Remove(30);
        tag.Add(32);
        Assert.Equal([1, 2, 31, 32, 60], query.FirstPage(-1, 5));
        Assert.Equal([1, 2, 30, 31, 60], evaluator.FirstPage(Or(Leaf(published), Leaf(other)), -1, 5));
    }

    [Fact]
    public void A_compiled_query_reads_its_leaves_when_evaluated()
    {
        var tag = new RoaringBitmap();
        var query = _evaluator.Compile(Leaf(tag));
        Assert.Equal(0, query.Count());

        tag.Add(4);
        Assert.Equal(1, query.Count());
    }
}
