namespace TagApi.Core.Segments.Query;

/// <summary>
/// Checks the names a parsed query uses against a tenant's catalog. Kept apart from parsing
/// so that syntax can be checked without a database and names re-checked when they change.
/// </summary>
public static class SegmentQueryBinder
{
    /// <summary>
    /// Every unknown tag, category and segment in <paramref name="query"/>, in query order,
    /// each with its position (when parsed from text) and the closest known key.
    /// </summary>
    public static IReadOnlyList<QueryError> Validate(QueryNode query, ISegmentQueryCatalog catalog)
    {
        var errors = new List<QueryError>();
        foreach (var leaf in QueryWalker.Predicates(query))
        {
            var site = ErrorSite.At(leaf.Position);
            switch (leaf)
            {
                case TagEquals t: CheckTag(t.Key); break;
                case TagNotEquals t: CheckTag(t.Key); break;
                case TagUnder t: CheckTag(t.Key); break;
                case TagIn t:
                    foreach (var key in t.Keys)
                    {
                        CheckTag(key);
                    }

                    break;
                case CategoryEquals c:
                    CheckCategory(c.CategoryKey);
                    CheckTag(c.TagKey);
                    break;
                case CategoryIsNull c: CheckCategory(c.CategoryKey); break;
                case SegmentRef s when !catalog.SegmentExists(s.Key):
                    errors.Add(site.Unknown("segment", s.Key, NameSuggester.Closest(s.Key, catalog.SegmentKeys)));
                    break;
            }

            void CheckTag(string key)
            {
                if (!catalog.TagExists(key))
                {
                    errors.Add(site.Unknown("tag", key, NameSuggester.Closest(key, catalog.TagKeys)));
                }
            }

            void CheckCategory(string key)
            {
                if (!catalog.CategoryExists(key))
                {
                    errors.Add(site.Unknown("category", key, NameSuggester.Closest(key, catalog.CategoryKeys)));
                }
            }
        }

        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds anything.</summary>
    /// <exception cref="SegmentQueryException">At least one name is unknown.</exception>
    public static void EnsureValid(QueryNode query, ISegmentQueryCatalog catalog)
    {
        var errors = Validate(query, catalog);
        if (errors.Count > 0)
        {
            throw new SegmentQueryException(errors);
        }
    }
}
