namespace TagApi.Core.Segments.Index;

public sealed partial class RoaringBitmap
{
    /// <summary>Members of both bitmaps, as a new writable bitmap.</summary>
    public static RoaringBitmap And(RoaringBitmap left, RoaringBitmap right) => Combine<AndOperator>(left, right);

    /// <summary>Members of either bitmap, as a new writable bitmap.</summary>
    public static RoaringBitmap Or(RoaringBitmap left, RoaringBitmap right) => Combine<OrOperator>(left, right);

    /// <summary>Members of <paramref name="left"/> that are not in <paramref name="right"/>.</summary>
    public static RoaringBitmap AndNot(RoaringBitmap left, RoaringBitmap right) => Combine<AndNotOperator>(left, right);

    /// <summary>Members of exactly one of the bitmaps.</summary>
    public static RoaringBitmap Xor(RoaringBitmap left, RoaringBitmap right) => Combine<XorOperator>(left, right);

    /// <summary>Keeps only members also in <paramref name="other"/>.</summary>
    public void AndWith(RoaringBitmap other) => CombineWith<AndOperator>(other);

    /// <summary>Adds every member of <paramref name="other"/>.</summary>
    public void OrWith(RoaringBitmap other) => CombineWith<OrOperator>(other);

    /// <summary>Removes every member of <paramref name="other"/>.</summary>
    public void AndNotWith(RoaringBitmap other) => CombineWith<AndNotOperator>(other);

    /// <summary>Toggles every member of <paramref name="other"/>.</summary>
    public void XorWith(RoaringBitmap other) => CombineWith<XorOperator>(other);

    private static RoaringBitmap Combine<TOp>(RoaringBitmap left, RoaringBitmap right)
        where TOp : struct, ISetOperator
    {
        var result = new RoaringBitmap();
        var slots = Math.Max(TOp.KeepsLeftOnly ? left._chunks.Length : 0, TOp.KeepsRightOnly ? right._chunks.Length : 0);
        if (!TOp.KeepsLeftOnly && !TOp.KeepsRightOnly)
        {
            slots = Math.Min(left._chunks.Length, right._chunks.Length);
        }

        result._chunks = new Container?[slots];
        for (var key = 0; key < slots; key++)
        {
            var l = left.GetChunk(key);
            var r = right.GetChunk(key);
            var chunk = (l, r) switch
            {
                (null, null) => null,
                (_, null) => TOp.KeepsLeftOnly ? result.Adopt(l, left) : null,
                (null, _) => TOp.KeepsRightOnly ? result.Adopt(r, right) : null,
                _ => ContainerOps.Combine<TOp>(l, r, result._writeToken),
            };
            result._chunks[key] = chunk;
            result._cardinality += chunk?.Cardinality ?? 0;
        }

        return result;
    }

    private void CombineWith<TOp>(RoaringBitmap other)
        where TOp : struct, ISetOperator
    {
        ThrowIfReadOnly();
        if (ReferenceEquals(other, this))
        {
            // x op x is x for AND/OR and empty for ANDNOT/XOR.
            if (!TOp.KeepsBoth)
            {
                Clear();
            }

            return;
        }

        if (TOp.KeepsRightOnly && other._chunks.Length > 0)
        {
            EnsureSlots(other._chunks.Length - 1);
        }

        for (var key = 0; key < _chunks.Length; key++)
        {
            var mine = _chunks[key];
            var theirs = other.GetChunk(key);
            if (theirs is null)
            {
                if (mine is not null && !TOp.KeepsLeftOnly)
                {
                    _cardinality -= mine.Cardinality;
                    _chunks[key] = null;
                }

                continue;
            }

            if (mine is null)
            {
                if (TOp.KeepsRightOnly)
                {
                    _chunks[key] = Adopt(theirs, other);
                    _cardinality += theirs.Cardinality;
                }

                continue;
            }

            var before = mine.Cardinality;
            var result = mine.Owner == _writeToken
                ? ContainerOps.CombineInPlace<TOp>(mine, theirs, _writeToken)
                : ContainerOps.Combine<TOp>(mine, theirs, _writeToken);
            _chunks[key] = result;
            _cardinality += (result?.Cardinality ?? 0) - before;
        }
    }
}
