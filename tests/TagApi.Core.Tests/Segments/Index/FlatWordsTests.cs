using TagApi.Core.Segments.Index;

namespace TagApi.Core.Tests.Segments.Index;

public sealed class FlatWordsTests
{
    [Fact]
    public void The_evaluator_counts_the_same_as_a_flat_word_loop_for_its_shapes()
    {
        var sets = new RandomSets(7);
        const int size = 200_003;
        var universe = RoaringBitmap.FromSorted(sets.Universe(size));
        var t = Enumerable.Range(0, 4).Select(_ => RoaringBitmap.FromSorted(sets.Uniform(size, 0.3))).ToArray();
        var words = t.Select(b => FlatWords.ToWords(b, size)).ToArray();
        var universeWords = FlatWords.ToWords(universe, size);
        var evaluator = new BitmapEvaluator(universe);

        var fourTerm = BitmapExpression.And(
            BitmapExpression.Or(BitmapExpression.Leaf(t[0]), BitmapExpression.Leaf(t[1])),
            BitmapExpression.Leaf(t[2]),
            BitmapExpression.Not(BitmapExpression.Leaf(t[3])));
        var twoTerm = BitmapExpression.And(BitmapExpression.Leaf(t[0]), BitmapExpression.Leaf(t[1]));

        Assert.Equal(evaluator.Count(fourTerm), FlatWords.CountOrAndAndNot(universeWords, words[0], words[1], words[2], words[3]));
        Assert.Equal(evaluator.Count(twoTerm), FlatWords.CountAnd(universeWords, words[0], words[1]));
    }

    [Fact]
    public void Flattening_keeps_members_below_the_count_only()
    {
        var bitmap = RoaringBitmap.FromSorted([0, 63, 64, 70_000, 70_001]);
        var words = FlatWords.ToWords(bitmap, 70_001);

        Assert.Equal(1_094, words.Length);
        Assert.Equal(0x8000_0000_0000_0001UL, words[0]);
        Assert.Equal(1UL, words[1]);
        Assert.Equal(1UL << (70_000 % 64), words[70_000 / 64]);
    }
}
