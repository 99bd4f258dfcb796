namespace TagApi.Core.Segments.Query;

/// <summary>A personal field a query reads, and the saved segments it reads it through (outermost first).</summary>
/// <param name="Field">The field read, e.g. <c>age</c>.</param>
/// <param name="Through">The segment keys between the query and the predicate; empty when the query reads it itself.</param>
public sealed record PersonalDataRead(QueryField Field, IReadOnlyList<string> Through)
{
    /// <summary>The segment keys between the query and the predicate.</summary>
    public IReadOnlyList<string> Through { get; } = EquatableList<string>.From(Through);

    /// <summary>What is read and how, for an error message.</summary>
    public string Describe()
    {
        var via = Through.Count == 0 ? string.Empty : " through segment " + string.Join(" → ", Through.Select(k => $"'{k}'"));
        return $"The query reads '{Field.Name}'{via}, which is derived from the PII field '{Field.PersonalSource}'";
    }
}

/// <summary>
/// Finds whether a query reads personal data (a field whose <see cref="QueryField.PersonalSource"/>
/// is set), directly or through the saved segments it names — a query over <c>segment = 'x'</c>
/// reveals whatever <c>x</c> reads.
/// </summary>
public static class PersonalDataReads
{
    /// <summary>The first personal read in <paramref name="query"/>, or null when it reads none.</summary>
    /// <param name="query">The query.</param>
    /// <param name="savedSegment">A saved segment's query by key (null for an unknown key).</param>
    public static PersonalDataRead? Find(QueryNode query, Func<string, QueryNode?> savedSegment) =>
        Find(query, savedSegment, [], new HashSet<string>(StringComparer.Ordinal));

    private static PersonalDataRead? Find(QueryNode query, Func<string, QueryNode?> savedSegment, List<string> path, HashSet<string> visited)
    {
        foreach (var leaf in QueryWalker.Predicates(query))
        {
            if (FieldNodes.FieldOf(leaf) is { PersonalSource: not null } field)
            {
                return new PersonalDataRead(field, [.. path]);
            }

            // Each segment is looked into once: a segment named twice reads the same fields, and
            // segments cannot form cycles (a cycle written by hand would stop here too).
            if (leaf is SegmentRef reference && visited.Add(reference.Key) && savedSegment(reference.Key) is { } saved)
            {
                path.Add(reference.Key);
                if (Find(saved, savedSegment, path, visited) is { } read)
                {
                    return read;
                }

                path.RemoveAt(path.Count - 1);
            }
        }

        return null;
    }
}
