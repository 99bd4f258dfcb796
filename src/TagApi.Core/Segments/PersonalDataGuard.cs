using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Query;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Segments;

/// <summary>
/// The one check that keeps personal data from being inferred: without <c>customers:pii</c>, the
/// caller may not have a query evaluated, saved or explained when it reads a PII field or a value
/// derived from one (<c>age</c> from the birth date) — directly or through the saved segments it
/// names, so a segment saved by a client holding the scope cannot be counted by one that lacks it.
/// Every request path reaches it: <see cref="SegmentQueries.CheckAsync"/> (ad-hoc queries,
/// <c>?query=</c>, saved segments' members, counts and exports, segment and rule definitions) and the
/// rule paths that evaluate stored conditions (preview, run, explain). Background work (rule runs,
/// membership projection) acts for nobody and does not pass through here.
/// </summary>
public sealed class PersonalDataGuard(TagApiDbContext db)
{
    /// <summary>Throws <see cref="ForbiddenException"/> when the caller lacks the scope and any query reads personal data.</summary>
    public async Task EnsureMayReadAsync(IReadOnlyCollection<QueryNode> queries, CancellationToken ct)
    {
        if (db.Tenant.HasScope(Scopes.CustomersPii) || queries.Count == 0)
        {
            return;
        }

        // Saved segments are read only when a query names one.
        var saved = queries.Any(q => QueryReferences.Of(q).SegmentKeys.Count > 0)
            ? await SegmentCatalog.SavedQueriesAsync(db, ct)
            : [];
        foreach (var query in queries)
        {
            if (PersonalDataReads.Find(query, key => saved.GetValueOrDefault(key)) is { } read)
            {
                throw Refusal(read);
            }
        }
    }

    /// <summary>The refusal of a read that needs <c>customers:pii</c>, in the words REST and GraphQL both show.</summary>
    public static ForbiddenException Refusal(PersonalDataRead read) =>
        new(Scopes.CustomersPii, $"{read.Describe()}; that needs the scope '{Scopes.CustomersPii}', which the access token does not carry.");

    /// <summary>The refusal of an export column that is itself personal data.</summary>
    public static ForbiddenException ColumnRefusal(string column) =>
        new(Scopes.CustomersPii, $"The column '{column}' is personal data; exporting it needs the scope '{Scopes.CustomersPii}', which the access token does not carry.");
}
