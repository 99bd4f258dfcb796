using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TagApi.Core.Customers;

namespace TagApi.Data.Postgres;

/// <summary>An export's reads of customer columns, streamed off one statement's reader.</summary>
public sealed partial class PostgresTagApiDbContext
{
    /// <summary>
    /// One statement per read, its rows decoded as they arrive: through EF each row went through the query pipeline
    /// and a materialiser, which cost the export more than the database's scan itself. Columns not asked for are not
    /// sent at all.
    /// </summary>
    public override async IAsyncEnumerable<CustomerExportRow> ReadExportRowsAsync(CustomerExportRead read, [EnumeratorCancellation] CancellationToken ct)
    {
        var columns = $"""
            "Id", {(read.WithExternalId ? "\"ExternalId\"" : "NULL")}, {(read.WithEmail ? "\"Email\"" : "NULL")}
            """;
        var filter = read.Keys is null ? "\"Id\" BETWEEN $2 AND $3" : "\"Id\" = ANY($2)";
        await Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(
                $"""SELECT {columns} FROM "Customers" WHERE "TenantId" = $1 AND {filter} ORDER BY "Id" """,
                (NpgsqlConnection)Database.GetDbConnection());
            command.Parameters.Add(TenantParameter());
            if (read.Keys is { } keys)
            {
                command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys });
            }
            else
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = read.First });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = read.Last });
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                yield return new CustomerExportRow(
                    reader.GetInt64(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2));
            }
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }
}
