namespace TagApi.Core.Segments.Query;

/// <summary>
/// Finds the known name closest to a misspelt one, for "did you mean" hints. Uses the
/// optimal-string-alignment form of Damerau–Levenshtein, because the commonest typo in a
/// short key is two swapped letters (<c>cigy</c>, <c>vpi</c>), which it counts as one edit.
/// </summary>
internal static class NameSuggester
{
    /// <summary>
    /// The closest candidate (ignoring case) within a distance that grows with the name's
    /// length: 1 edit up to 2 characters, 2 up to 5 (so <c>cnt</c> finds <c>count</c>), 3 beyond. Ties go to the ordinally
    /// smallest name so that the hint is stable.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        var maxDistance = name.Length <= 2 ? 1 : name.Length <= 5 ? 2 : 3;
        var lowered = name.ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (Math.Abs(candidate.Length - name.Length) > maxDistance
                || string.Equals(name, candidate, StringComparison.Ordinal))
            {
                continue;
            }

            var distance = Distance(lowered, candidate.ToLowerInvariant());
            if (distance < bestDistance && distance <= maxDistance
                || distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    /// <summary>Edit distance with insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
