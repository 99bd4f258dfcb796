using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Data.Sqlite;

/// <summary>The embedded default: a single SQLite file, so a fresh machine needs nothing else.</summary>
public sealed class SqliteTagApiDbContext(DbContextOptions<SqliteTagApiDbContext> options)
    : TagApiDbContext(options)
{
    private const int ConstraintViolation = 19;

    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: ConstraintViolation, SqliteExtendedErrorCode: 2067 or 1555 };

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no time zone; every stored time is UTC and is read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // SQLite has no decimal type; money is stored as a REAL so it can be compared and summed in SQL.
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
