using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Data.SqlServer;

/// <summary>A supported provider whose migrations are kept in step with the others.</summary>
public sealed class SqlServerTagApiDbContext(DbContextOptions<SqlServerTagApiDbContext> options)
    : TagApiDbContext(options)
{
    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqlException { Number: 2601 or 2627 };
}
