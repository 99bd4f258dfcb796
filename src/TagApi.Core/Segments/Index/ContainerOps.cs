namespace TagApi.Core.Segments.Index;

/// <summary>
/// Binary set operations between two containers of the same chunk. Results are always fresh
/// containers stamped with the caller's write token (or null when empty), so published inputs are
/// never touched; <see cref="CombineInPlace{TOp}"/> is the one exception and only for the owner.
/// </summary>
internal static class ContainerOps
{
    public static Container? Combine<TOp>(Container left, Container right, long owner)
        where TOp : struct, ISetOperator
    {
        if (left is ArrayContainer la && right is ArrayContainer ra)
        {
            return Merge<TOp>(la.Values, ra.Values, owner);
        }

        // When the result is a subset of one sparse side, filtering that side beats word loops.
        if (!TOp.KeepsRightOnly && left is ArrayContainer leftArray)
        {
            return Filter(leftArray, right, TOp.KeepsBoth, TOp.KeepsLeftOnly, owner);
        }

        if (!TOp.KeepsLeftOnly && right is ArrayContainer rightArray)
        {
            return Filter(rightArray, left, TOp.KeepsBoth, TOp.KeepsRightOnly, owner);
        }

        Span<ulong> scratch = stackalloc ulong[Container.BitsetWords];
        var words = new ulong[Container.BitsetWords];
        WordOps.Apply<TOp>(WordsOf(left, scratch), WordsOf(right, scratch), words);
        return Container.FromWordBuffer(owner, words, (int)WordOps.PopCount(words));
    }

    /// <summary>
    /// Like <see cref="Combine{TOp}"/>, but reuses <paramref name="left"/>'s words when it is a
    /// bitset; the caller guarantees it owns <paramref name="left"/>.
    /// </summary>
    public static Container? CombineInPlace<TOp>(Container left, Container right, long owner)
        where TOp : struct, ISetOperator
    {
        if (left is not BitsetContainer bitset || (!TOp.KeepsLeftOnly && right is ArrayContainer))
        {
            return Combine<TOp>(left, right, owner);
        }

        Span<ulong> scratch = stackalloc ulong[Container.BitsetWords];
        return bitset.ApplyInPlace<TOp>(WordsOf(right, scratch));
    }

    /// <summary>A container's words: a bitset's own, or an array expanded into <paramref name="scratch"/>.</summary>
    /// <remarks>At most one side of a call is an array here, so one scratch buffer suffices.</remarks>
    private static ReadOnlySpan<ulong> WordsOf(Container container, Span<ulong> scratch)
    {
        if (container is BitsetContainer bitset)
        {
            return bitset.Words;
        }

        scratch.Clear();
        container.OrInto(scratch);
        return scratch;
    }

    private static Container? Filter(ArrayContainer source, Container other, bool keepIfIn, bool keepIfOut, long owner)
    {
        var values = source.Values;
        Span<ushort> kept = stackalloc ushort[values.Length];
        var n = 0;
        foreach (var value in values)
        {
            if (other.Contains(value) ? keepIfIn : keepIfOut)
            {
                kept[n++] = value;
            }
        }

        return Container.FromSortedValues(owner, kept[..n]);
    }

    private static Container? Merge<TOp>(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right, long owner)
        where TOp : struct, ISetOperator
    {
        // Two arrays hold at most 8,192 values: 16 KiB of stack, fine for a leaf call.
        Span<ushort> output = stackalloc ushort[left.Length + right.Length];
        int i = 0, j = 0, n = 0;
        while (i < left.Length && j < right.Length)
        {
            var l = left[i];
            var r = right[j];
            if (l < r)
            {
                if (TOp.KeepsLeftOnly)
                {
                    output[n++] = l;
                }

                i++;
            }
            else if (r < l)
            {
                if (TOp.KeepsRightOnly)
                {
                    output[n++] = r;
                }

                j++;
            }
            else
            {
                if (TOp.KeepsBoth)
                {
                    output[n++] = l;
                }

                i++;
                j++;
            }
        }

        if (TOp.KeepsLeftOnly)
        {
            left[i..].CopyTo(output[n..]);
            n += left.Length - i;
        }

        if (TOp.KeepsRightOnly)
        {
            right[j..].CopyTo(output[n..]);
            n += right.Length - j;
        }

        return Container.FromSortedValues(owner, output[..n]);
    }
}
