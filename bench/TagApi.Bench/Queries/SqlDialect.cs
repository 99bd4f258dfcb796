using System.Globalization;

namespace TagApi.Bench.Queries;

/// <summary>How customer-column predicates are written on each database TagApi stores in.</summary>
public abstract class SqlDialect
{
    public static SqlDialect Postgres { get; } = new PostgresDialect();

    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    public static SqlDialect DuckDb { get; } = new DuckDbDialect();

    public abstract string Name { get; }

    public string Column(Segment leaf, string alias) => leaf switch
    {
        TotalSpentAbove s => string.Create(CultureInfo.InvariantCulture, $"{alias}.\"TotalSpent\" > {s.Amount}"),
        LastOrderWithin w => $"{alias}.\"LastOrderAt\" > {DaysAgo(w.Days)}",
        _ => throw new NotSupportedException(leaf.GetType().Name),
    };

    protected abstract string DaysAgo(int days);

    private sealed class PostgresDialect : SqlDialect
    {
        public override string Name => "PostgreSQL";

        protected override string DaysAgo(int days) => string.Create(CultureInfo.InvariantCulture, $"now() - interval '{days} days'");
    }

    // The DuckDB peer keeps times as UTC TIMESTAMP (no time zone), so the cut-off is a UTC literal taken when the
    // statement is written, as the floor takes its "now" when its plan is compiled.
    private sealed class DuckDbDialect : SqlDialect
    {
        public override string Name => "DuckDB";

        protected override string DaysAgo(int days) =>
            string.Create(CultureInfo.InvariantCulture, $"TIMESTAMP '{DateTime.UtcNow.AddDays(-days):yyyy-MM-dd HH:mm:ss.ffffff}'");
    }

    private sealed class SqliteDialect : SqlDialect
    {
        public override string Name => "SQLite";

        // EF Core stores times as 'yyyy-MM-dd HH:mm:ss[.fffffff]' text, which datetime() matches.
        protected override string DaysAgo(int days) => string.Create(CultureInfo.InvariantCulture, $"datetime('now', '-{days} days')");
    }
}
