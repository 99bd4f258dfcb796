using TagApi.Core.Segments.Index;

namespace TagApi.Core.Tests.Segments.Index;

public sealed class SnapshotIsolationTests
{
    [Fact]
    public void A_snapshot_is_unaffected_by_later_writes_of_every_kind()
    {
        var writer = new RoaringBitmap();
        writer.AddRange(0, 5_000);            // bitset chunk
        writer.AddSorted([70_000, 70_001]);   // array chunk
        var snapshot = writer.Snapshot();
        var before = snapshot.ToArray();

        writer.Add(5_000);
        writer.Remove(10);
        for (var i = 100; i < 1_000; i++)
        {
            writer.Remove(i);                 // bitset drops to an array
        }

        writer.Add(70_002);
        writer.OrWith(RoaringBitmap.FromSorted([131_072]));
        writer.XorWith(RoaringBitmap.FromSorted([0, 1, 70_000]));
        writer.AndNotWith(RoaringBitmap.FromSorted([2, 3]));
        writer.AddRange(60_000, 140_000);

        Assert.True(snapshot.IsReadOnly);
        BitmapInvariants.Matches(before, snapshot, "snapshot");
        Assert.Equal(5_002, snapshot.Cardinality);
        Assert.NotEqual(writer.Cardinality, snapshot.Cardinality);
    }

    [Fact]
    public void Successive_snapshots_each_keep_their_own_state()
    {
        var writer = new RoaringBitmap();
        var snapshots = new List<RoaringBitmap>();
        for (var i = 0; i < 10; i++)
        {
            writer.AddRange(i * 1_000, (i + 1) * 1_000);
            snapshots.Add(writer.Snapshot());
        }

        for (var i = 0; i < snapshots.Count; i++)
        {
            Assert.Equal(Enumerable.Range(0, (i + 1) * 1_000), snapshots[i].Enumerate());
        }
    }

    [Fact]
    public void A_snapshot_cannot_be_changed()
    {
        var snapshot = RoaringBitmap.FromSorted([1, 2, 3]).Snapshot();

        Assert.Throws<InvalidOperationException>(() => snapshot.Add(4));
        Assert.Throws<InvalidOperationException>(() => snapshot.Remove(1));
        Assert.Throws<InvalidOperationException>(() => snapshot.OrWith(new RoaringBitmap()));
        Assert.Same(snapshot, snapshot.Snapshot());
    }

    [Fact]
    public void A_clone_and_its_source_do_not_see_each_others_changes()
    {
        var source = new RoaringBitmap();
        source.AddRange(0, 10_000);
        var clone = source.Clone();

        source.Remove(1);
        clone.Remove(2);
        clone.Add(20_000);

        Assert.True(source.Contains(2));
        Assert.False(source.Contains(20_000));
        Assert.True(clone.Contains(1));
        Assert.Equal(9_999, source.Cardinality);
        Assert.Equal(10_000, clone.Cardinality);
    }

    [Fact]
    public void An_out_of_place_result_does_not_change_when_its_writable_input_does()
    {
        var input = new RoaringBitmap();
        input.AddRange(0, 10_000);
        var union = RoaringBitmap.Or(input, new RoaringBitmap());

        input.Remove(5);
        input.Add(10_000);

        Assert.True(union.Contains(5));
        Assert.False(union.Contains(10_000));
    }

    [Fact]
    public void Readers_counting_published_snapshots_always_see_a_consistent_state()
    {
        // The writer adds ordinals 0, 1, 2… in order and publishes a snapshot after each batch;
        // a consistent snapshot of n members is exactly [0, n).
        var writer = new RoaringBitmap();
        var published = writer.Snapshot();
        using var started = new CountdownEvent(2);
        var writing = true;
        var failures = 0;
        var checks = 0;

        // Dedicated threads: pool threads may be slow to appear while other tests keep the pool busy.
        var readers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            started.Signal();
            do
            {
                var snapshot = Volatile.Read(ref published);
                var n = (int)snapshot.Cardinality;
                var evaluator = new BitmapEvaluator(snapshot);
                var count = evaluator.Count(BitmapExpression.All);
                var page = evaluator.FirstPage(BitmapExpression.All, n - 3, 10);
                var expectedPage = Enumerable.Range(Math.Max(n - 2, 0), Math.Min(n, 2));
                if (count != n || !page.SequenceEqual(expectedPage) || (n > 0 && !snapshot.Contains(n - 1)) || snapshot.Contains(n))
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref checks);
            }
            while (Volatile.Read(ref writing));
        })).ToArray();
        foreach (var reader in readers)
        {
            reader.Start();
        }

        // Only start writing once both readers are running, so reads really overlap writes.
        started.Wait(TimeSpan.FromSeconds(30));
        var next = 0;
        for (var batch = 0; batch < 100; batch++)
        {
            for (var i = 0; i < 500; i++)
            {
                writer.Add(next++);
            }

            if (batch % 10 == 0)
            {
                writer.Remove(next - 1);
                writer.Add(next - 1);
            }

            Volatile.Write(ref published, writer.Snapshot());
        }

        Volatile.Write(ref writing, false);
        foreach (var reader in readers)
        {
            reader.Join();
        }

        Assert.Equal(0, failures);
        Assert.True(checks >= 2);
        Assert.Equal(50_000, published.Cardinality);
    }
}
