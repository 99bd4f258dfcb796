using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Data;

namespace TagApi.Api.Database;

/// <summary>Brings the database schema up to date.</summary>
public static partial class DatabaseStartup
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("TagApi.Database");
        if (scope.ServiceProvider.GetRequiredService<DatabaseInfo>().Provider == DatabaseProvider.Sqlite)
        {
            // Write-ahead logging lets readers proceed while a writer commits.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            LogMigrating(logger, pending.Count, pending);
            await db.Database.MigrateAsync(ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Migrations}")]
    private static partial void LogMigrating(ILogger logger, int count, IReadOnlyList<string> migrations);
}
