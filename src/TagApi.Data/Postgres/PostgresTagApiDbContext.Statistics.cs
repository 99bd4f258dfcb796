using Microsoft.EntityFrameworkCore;

namespace TagApi.Data.Postgres;

/// <summary>ANALYZE for the tables a long bulk job grows: new statistics also drop every cached plan over them.</summary>
public sealed partial class PostgresTagApiDbContext
{
    // Waits for the table's lock no longer than a chunk takes; autovacuum gives way to it, a manual VACUUM would not.
    private const string AnalyzeLockTimeout = "5s";

    /// <summary>
    /// Analyses those of the tables that have at least doubled (in pages on disk) since their statistics were taken:
    /// a plan cached before that may be one for a table a fraction of the size. A table that grew less keeps its
    /// statistics (ANALYZE samples the same number of rows at any size, so it costs as much on a large table that
    /// grew by a few percent as on a small one).
    /// </summary>
    public override async Task RefreshStatisticsAsync(IReadOnlyList<Type> entities, CancellationToken ct)
    {
        var names = entities.Select(e => Model.FindEntityType(e)?.GetTableName() ?? throw new ArgumentException($"{e.Name} is not an entity of this model.", nameof(entities)))
            .Distinct().ToArray();
        var grown = await Database.SqlQueryRaw<string>(
            """
            SELECT c.relname AS "Value" FROM pg_class AS c
            WHERE c.oid = ANY (SELECT to_regclass(quote_ident(name)) FROM unnest({0}) AS t(name))
              AND pg_relation_size(c.oid) / current_setting('block_size')::bigint >= 2 * greatest(c.relpages, 1)
            """,
            [names]).ToListAsync(ct);
        if (grown.Count == 0)
        {
            return;
        }

        // Table names from the model, quoted: nothing here comes from a request.
        var analyze = $"SET LOCAL lock_timeout = '{AnalyzeLockTimeout}'; ANALYZE {string.Join(", ", grown.Select(name => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))}";
        await using var transaction = await Database.BeginTransactionAsync(ct);
        await Database.ExecuteSqlRawAsync(analyze, ct);
        await transaction.CommitAsync(ct);
    }
}
