using TagApi.Core.Segments.Index;

namespace TagApi.Core.Tests.Segments.Index;

/// <summary>Every bitmap operation against <see cref="HashSet{T}"/> and <see cref="SortedSet{T}"/> on random sets.</summary>
public sealed class RoaringBitmapDifferentialTests
{
    private static readonly int[] Sizes = [3_000, 65_536, 70_000, 140_000, 300_000];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void Set_operations_agree_with_HashSet(int seed)
    {
        var sets = new RandomSets(seed);
        for (var round = 0; round < 40; round++)
        {
            var size = Sizes[sets.Rng.Next(Sizes.Length)];
            var a = sets.Set(size);
            var b = sets.Set(size);
            var left = Build(a, sets.Rng);
            var right = Build(b, sets.Rng);
            var context = $"seed {seed} round {round}";
            BitmapInvariants.Matches(a, left, context + " left");

            Check<AndOperation>(a, b, left, right, context, (x, y) => x.IntersectWith(y));
            Check<OrOperation>(a, b, left, right, context, (x, y) => x.UnionWith(y));
            Check<AndNotOperation>(a, b, left, right, context, (x, y) => x.ExceptWith(y));
            Check<XorOperation>(a, b, left, right, context, (x, y) => x.SymmetricExceptWith(y));

            // The inputs are untouched by all of the above.
            BitmapInvariants.Matches(a, left, context + " left after");
            BitmapInvariants.Matches(b, right, context + " right after");

            var sorted = new SortedSet<int>(a);
            for (var probe = 0; probe < 5; probe++)
            {
                var from = sets.Rng.Next(-10, size + 10);
                var expected = from > sorted.Max || sorted.Count == 0 ? [] : sorted.GetViewBetween(Math.Max(from, 0), int.MaxValue).Take(300).ToArray();
                SequenceAssert.Same(expected, left.EnumerateFrom(from).Take(300).ToArray(), $"{context} from {from}");
                Assert.Equal(sorted.Contains(from), left.Contains(from));
            }
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Adds_and_removes_agree_with_HashSet_across_snapshots(int seed)
    {
        var rng = new Random(seed);
        var bitmap = new RoaringBitmap();
        var model = new HashSet<int>();
        var snapshots = new List<(RoaringBitmap Snapshot, int[] Expected)>();
        for (var step = 0; step < 40_000; step++)
        {
            // Values cluster around the first two chunks so containers cross the threshold both ways.
            var value = rng.Next(3) == 0 ? rng.Next(200_000) : 65_536 + rng.Next(-6_000, 6_000);
            var adding = rng.NextDouble() < (step % 10_000 < 6_000 ? 0.7 : 0.3);
            Assert.Equal(adding ? model.Add(value) : model.Remove(value), adding ? bitmap.Add(value) : bitmap.Remove(value));
            Assert.Equal(model.Count, bitmap.Cardinality);
            if (step % 2_500 == 0)
            {
                snapshots.Add((bitmap.Snapshot(), model.Order().ToArray()));
            }
        }

        BitmapInvariants.Matches(model.Order().ToArray(), bitmap, $"seed {seed} final");
        foreach (var (snapshot, expected) in snapshots)
        {
            BitmapInvariants.Matches(expected, snapshot, $"seed {seed} snapshot");
        }
    }

    private static RoaringBitmap Build(int[] sorted, Random rng)
    {
        // Half the time through single adds in random order, to cover the incremental path too.
        if (rng.Next(2) == 0)
        {
            return RoaringBitmap.FromSorted(sorted);
        }

        var bitmap = new RoaringBitmap();
        foreach (var value in sorted.OrderBy(_ => rng.Next()))
        {
            bitmap.Add(value);
        }

        return bitmap;
    }

    private static void Check<TOperation>(int[] a, int[] b, RoaringBitmap left, RoaringBitmap right, string context, Action<HashSet<int>, HashSet<int>> reference)
        where TOperation : IBitmapOperation
    {
        var model = new HashSet<int>(a);
        reference(model, [.. b]);
        var expected = model.Order().ToArray();
        var name = $"{context} {typeof(TOperation).Name}";

        BitmapInvariants.Matches(expected, TOperation.OutOfPlace(left, right), name + " out of place");

        var target = left.Clone();
        TOperation.InPlace(target, right);
        BitmapInvariants.Matches(expected, target, name + " in place");

        // In place on a bitmap that owns its containers (no clone in between), and on itself.
        var owned = RoaringBitmap.FromSorted(a);
        TOperation.InPlace(owned, right);
        BitmapInvariants.Matches(expected, owned, name + " in place, owned");

        var self = RoaringBitmap.FromSorted(a);
        TOperation.InPlace(self, self);
        var selfModel = new HashSet<int>(a);
        reference(selfModel, [.. a]);
        BitmapInvariants.Matches(selfModel.Order().ToArray(), self, name + " with itself");
    }

    private interface IBitmapOperation
    {
        static abstract RoaringBitmap OutOfPlace(RoaringBitmap left, RoaringBitmap right);

        static abstract void InPlace(RoaringBitmap target, RoaringBitmap other);
    }

    private sealed class AndOperation : IBitmapOperation
    {
        public static RoaringBitmap OutOfPlace(RoaringBitmap left, RoaringBitmap right) => RoaringBitmap.And(left, right);

        public static void InPlace(RoaringBitmap target, RoaringBitmap other) => target.AndWith(other);
    }

    private sealed class OrOperation : IBitmapOperation
    {
        public static RoaringBitmap OutOfPlace(RoaringBitmap left, RoaringBitmap right) => RoaringBitmap.Or(left, right);

        public static void InPlace(RoaringBitmap target, RoaringBitmap other) => target.OrWith(other);
    }

    private sealed class AndNotOperation : IBitmapOperation
    {
        public static RoaringBitmap OutOfPlace(RoaringBitmap left, RoaringBitmap right) => RoaringBitmap.AndNot(left, right);

        public static void InPlace(RoaringBitmap target, RoaringBitmap other) => target.AndNotWith(other);
    }

    private sealed class XorOperation : IBitmapOperation
    {
        public static RoaringBitmap OutOfPlace(RoaringBitmap left, RoaringBitmap right) => RoaringBitmap.Xor(left, right);

        public static void InPlace(RoaringBitmap target, RoaringBitmap other) => target.XorWith(other);
    }
}
