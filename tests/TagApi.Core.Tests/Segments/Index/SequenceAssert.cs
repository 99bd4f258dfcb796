namespace TagApi.Core.Tests.Segments.Index;

/// <summary>Compares long ordinal sequences and reports the first difference instead of dumping both.</summary>
internal static class SequenceAssert
{
    public static void Same(ReadOnlySpan<int> expected, ReadOnlySpan<int> actual, string context)
    {
        if (expected.SequenceEqual(actual))
        {
            return;
        }

        var i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }

        var e = i < expected.Length ? expected[i].ToString() : "end";
        var a = i < actual.Length ? actual[i].ToString() : "end";
        Assert.Fail($"{context}: lengths {expected.Length} vs {actual.Length}; first difference at {i}: expected {e}, got {a}.");
    }
}
