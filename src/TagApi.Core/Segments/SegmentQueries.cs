using System.Text.Json;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;
using TagApi.Core.Segments.SqlCounts;

namespace TagApi.Core.Segments;

/// <summary>A query that parsed and bound: its tree and its canonical text.</summary>
public sealed record CheckedQuery(QueryNode Root, string Text);

/// <summary>What validation says about a query, without throwing.</summary>
public sealed record QueryValidation(bool Valid, IReadOnlyList<QueryError> Errors, CheckedQuery? Query);

/// <summary>Turns query text or JSON into a checked query against the tenant's names.</summary>
public sealed class SegmentQueries(TagApiDbContext db, SegmentEngine engine, SegmentEngineSettings settings, PersonalDataGuard personalData)
{
    /// <summary>
    /// A query the caller may use: valid (or <see cref="SegmentQueryException"/>), and reading personal
    /// data only when the caller holds <c>customers:pii</c> (or <see cref="ForbiddenException"/>).
    /// </summary>
    public async Task<CheckedQuery> CheckAsync(string? text, JsonElement? ast, string field, CancellationToken ct)
    {
        var validation = await ValidateAsync(text, ast, field, ct);
        var query = validation.Valid ? validation.Query! : throw new SegmentQueryException(validation.Errors) { Field = field };
        await personalData.EnsureMayReadAsync([query.Root], ct);
        return query;
    }

    /// <summary>
    /// Syntax, types, limits and names, without throwing. Validating evaluates nothing, so a query
    /// reading personal data validates without <c>customers:pii</c>; using it is what needs the scope.
    /// </summary>
    public async Task<QueryValidation> ValidateAsync(string? text, JsonElement? ast, string field, CancellationToken ct)
    {
        if ((text is null) == (ast is null))
        {
            throw new ValidationFailedException(field, "Give the query either as text ('query') or as its JSON form ('ast').");
        }

        QueryNode root;
        try
        {
            root = text is not null ? SegmentQueryParser.Parse(text) : SegmentQueryJson.FromJson(ast!.Value);
        }
        catch (SegmentQueryException e)
        {
            return new QueryValidation(false, e.Errors, null);
        }

        var catalog = await SegmentCatalog.LoadAsync(db, engine, settings, root, ct);
        var errors = SegmentQueryBinder.Validate(root, catalog);
        if (errors.Count > 0 && await SegmentCatalog.CatchUpAsync(db, engine, root, catalog, ct))
        {
            errors = SegmentQueryBinder.Validate(root, await SegmentCatalog.LoadAsync(db, engine, settings, root, ct));
        }

        if (errors.Count > 0)
        {
            return new QueryValidation(false, errors, null);
        }

        var normalized = SegmentQueryNormalizer.Normalize(root);
        return new QueryValidation(true, [], new CheckedQuery(normalized, SegmentQueryFormatter.Format(normalized)));
    }
}
