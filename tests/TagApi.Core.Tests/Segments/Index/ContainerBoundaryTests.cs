using TagApi.Core.Segments.Index;

namespace TagApi.Core.Tests.Segments.Index;

public sealed class ContainerBoundaryTests
{
    [Fact]
    public void A_chunk_of_4096_members_stays_an_array_and_the_4097th_makes_it_a_bitset()
    {
        var bitmap = new RoaringBitmap();
        for (var i = 0; i < 4096; i++)
        {
            bitmap.Add(i * 16);
        }

        Assert.IsType<ArrayContainer>(bitmap.GetChunk(0));
        Assert.Equal(4096, bitmap.Cardinality);

        Assert.True(bitmap.Add(1));
        Assert.IsType<BitsetContainer>(bitmap.GetChunk(0));
        Assert.Equal(4097, bitmap.Cardinality);
        Assert.True(bitmap.Contains(1));
        Assert.True(bitmap.Contains(65520));
        Assert.False(bitmap.Contains(2));
    }

    [Fact]
    public void Removing_the_4097th_member_turns_the_bitset_back_into_an_array()
    {
        var bitmap = new RoaringBitmap();
        bitmap.AddRange(0, 4097);
        Assert.IsType<BitsetContainer>(bitmap.GetChunk(0));

        Assert.True(bitmap.Remove(4096));
        Assert.IsType<ArrayContainer>(bitmap.GetChunk(0));
        Assert.Equal(4096, bitmap.Cardinality);
        Assert.Equal(Enumerable.Range(0, 4096), bitmap.Enumerate());
    }

    [Fact]
    public void Adding_an_existing_member_or_removing_a_missing_one_changes_nothing()
    {
        var bitmap = new RoaringBitmap();
        Assert.True(bitmap.Add(7));
        Assert.False(bitmap.Add(7));
        Assert.False(bitmap.Remove(8));
        Assert.False(bitmap.Remove(-1));
        Assert.False(bitmap.Contains(-1));
        Assert.Equal(1, bitmap.Cardinality);
    }

    [Fact]
    public void The_last_value_of_a_chunk_and_the_first_of_the_next_live_in_different_chunks()
    {
        var bitmap = new RoaringBitmap();
        bitmap.Add(65_535);
        bitmap.Add(65_536);

        Assert.Equal(1, bitmap.GetChunk(0)!.Cardinality);
        Assert.Equal(1, bitmap.GetChunk(1)!.Cardinality);
        Assert.Equal([65_535, 65_536], bitmap.ToArray());
        Assert.Equal([65_536], bitmap.EnumerateFrom(65_536));
        Assert.Equal([65_535, 65_536], bitmap.EnumerateFrom(65_535));
    }

    [Fact]
    public void Removing_the_last_member_of_a_chunk_drops_the_container()
    {
        var bitmap = new RoaringBitmap();
        bitmap.Add(65_536);
        bitmap.Remove(65_536);

        Assert.Null(bitmap.GetChunk(1));
        Assert.True(bitmap.IsEmpty);
        Assert.Empty(bitmap.Enumerate());
    }

    [Fact]
    public void An_empty_bitmap_answers_every_question_with_nothing()
    {
        var bitmap = new RoaringBitmap();

        Assert.Equal(0, bitmap.Cardinality);
        Assert.False(bitmap.Contains(0));
        Assert.Empty(bitmap.ToArray());
        Assert.Empty(bitmap.EnumerateFrom(123));
        Assert.True(RoaringBitmap.And(bitmap, bitmap).IsEmpty);
        Assert.True(RoaringBitmap.Or(bitmap, new RoaringBitmap()).IsEmpty);
    }

    [Fact]
    public void A_full_chunk_holds_65536_members_and_empties_through_the_array_form()
    {
        var bitmap = new RoaringBitmap();
        bitmap.AddRange(65_536, 131_072);
        Assert.Equal(65_536, bitmap.Cardinality);
        Assert.True(bitmap.Contains(65_536));
        Assert.True(bitmap.Contains(131_071));
        Assert.False(bitmap.Contains(131_072));
        Assert.False(bitmap.Contains(65_535));

        for (var i = 65_536; i < 131_072 - 4096; i++)
        {
            bitmap.Remove(i);
        }

        Assert.IsType<ArrayContainer>(bitmap.GetChunk(1));
        Assert.Equal(Enumerable.Range(131_072 - 4096, 4096), bitmap.Enumerate());
    }

    [Fact]
    public void AddRange_across_chunk_edges_sets_exactly_the_range()
    {
        var bitmap = new RoaringBitmap();
        bitmap.AddRange(65_530, 196_700);
        bitmap.AddRange(10, 12);
        bitmap.AddRange(20, 20);

        Assert.Equal(196_700 - 65_530 + 2, bitmap.Cardinality);
        Assert.Equal(Enumerable.Range(10, 2).Concat(Enumerable.Range(65_530, 196_700 - 65_530)), bitmap.Enumerate());
    }

    [Fact]
    public void AddSorted_builds_arrays_and_bitsets_at_the_threshold_and_merges_with_existing_chunks()
    {
        var sparse = Enumerable.Range(0, 4096).Select(i => i * 2).ToArray();
        var dense = Enumerable.Range(0, 4097).Select(i => 65_536 + (i * 2)).ToArray();
        var bitmap = RoaringBitmap.FromSorted([0, 0, .. sparse, .. dense, .. dense[^1..]]);

        Assert.IsType<ArrayContainer>(bitmap.GetChunk(0));
        Assert.IsType<BitsetContainer>(bitmap.GetChunk(1));
        Assert.Equal(4096 + 4097, bitmap.Cardinality);

        bitmap.AddSorted([1, 3, 65_537]);
        Assert.IsType<BitsetContainer>(bitmap.GetChunk(0));
        Assert.Equal(4096 + 4097 + 3, bitmap.Cardinality);
        Assert.True(bitmap.Contains(65_537));
    }

    [Fact]
    public void AddSorted_rejects_unsorted_or_negative_input()
    {
        var bitmap = new RoaringBitmap();
        Assert.Throws<ArgumentException>(() => bitmap.AddSorted([3, 2]));
        Assert.Throws<ArgumentException>(() => bitmap.AddSorted([-1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => bitmap.Add(-5));
    }

    [Fact]
    public void Set_operations_convert_results_to_the_right_container_on_each_side_of_the_threshold()
    {
        var evens = RoaringBitmap.FromSorted(Enumerable.Range(0, 5000).Select(i => i * 2).ToArray());
        var lowRun = new RoaringBitmap();
        lowRun.AddRange(0, 8193);

        var both = RoaringBitmap.And(evens, lowRun);
        Assert.IsType<BitsetContainer>(both.GetChunk(0));
        Assert.Equal(4097, both.Cardinality);

        var odds = RoaringBitmap.AndNot(lowRun, evens);
        Assert.IsType<ArrayContainer>(odds.GetChunk(0));
        Assert.Equal(4097 - 1, odds.Cardinality);

        var all = RoaringBitmap.Xor(odds, evens);
        Assert.IsType<BitsetContainer>(all.GetChunk(0));
        Assert.Equal(4096 + 5000, all.Cardinality);

        all.AndNotWith(evens);
        Assert.IsType<ArrayContainer>(all.GetChunk(0));
        Assert.Equal(odds.ToArray(), all.ToArray());
    }

    [Fact]
    public void Memory_usage_grows_with_content_and_a_dense_chunk_costs_about_8_KiB()
    {
        var bitmap = new RoaringBitmap();
        var empty = bitmap.MemoryUsageBytes;
        bitmap.AddRange(0, 65_536);

        Assert.InRange(bitmap.MemoryUsageBytes - empty, 8192, 8192 + 256);
    }
}
