using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TagApi.Data.Postgres;
using TagApi.Data.Sqlite;
using TagApi.Data.SqlServer;

namespace TagApi.Data;

// Used by `dotnet ef migrations add` only; no connection is opened to generate a migration.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTagApiDbContext>
{
    public SqliteTagApiDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteTagApiDbContext>();
        DatabaseServices.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteTagApiDbContext(options.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTagApiDbContext>
{
    public PostgresTagApiDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresTagApiDbContext>();
        DatabaseServices.ConfigurePostgres(options, "Host=localhost;Database=tagapi_design");
        return new PostgresTagApiDbContext(options.Options);
    }
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerTagApiDbContext>
{
    public SqlServerTagApiDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerTagApiDbContext>();
        DatabaseServices.ConfigureSqlServer(options, "Server=localhost;Database=tagapi_design;Trusted_Connection=True;TrustServerCertificate=True");
        return new SqlServerTagApiDbContext(options.Options);
    }
}
