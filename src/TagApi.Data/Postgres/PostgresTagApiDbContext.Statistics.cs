using Microsoft.EntityFrameworkCore;

namespace TagApi.Data.Postgres;

/// <summary>ANALYZE for a long bulk job's tables: new statistics also drop every cached plan over them.</summary>
public sealed partial class PostgresTagApiDbContext
{
    // Waits for the table's lock no longer than a chunk takes; autovacuum gives way to it, a manual VACUUM would not.
    private const string AnalyzeLockTimeout = "5s";

    public override async Task RefreshStatisticsAsync(IReadOnlyList<Type> entities, CancellationToken ct)
    {
        var tables = entities.Select(e => Model.FindEntityType(e)?.GetTableName() ?? throw new ArgumentException($"{e.Name} is not an entity of this model.", nameof(entities)))
            .Distinct().Select(name => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");

        // Table names from the model, quoted: nothing here comes from a request.
        var analyze = $"SET LOCAL lock_timeout = '{AnalyzeLockTimeout}'; ANALYZE {string.Join(", ", tables)}";
        await using var transaction = await Database.BeginTransactionAsync(ct);
        await Database.ExecuteSqlRawAsync(analyze, ct);
        await transaction.CommitAsync(ct);
    }
}
