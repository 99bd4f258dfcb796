using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TagApi.Core.TagAssignments;

namespace TagApi.Data.Postgres;

/// <summary>An import's tag changes, written around the change tracker: binary COPY for new assignments, statements over arrays for the rest.</summary>
public sealed partial class PostgresTagApiDbContext
{
    protected override bool WritesTagChangesInBulk => true;

    /// <summary>
    /// Removals first (an exclusive category's rival goes before its replacement comes), then the new assignments by
    /// binary COPY into the indexed table (an assignment inserted meanwhile fails it as a unique violation), new expiries,
    /// and the customers' versions with their expected ones checked — all in the caller's transaction.
    /// </summary>
    protected override Task WriteTagChangesAsync(
        IReadOnlyList<TagAssignment> added, IReadOnlyList<TagAssignment> removed, IReadOnlyList<TagAssignment> expiring,
        IReadOnlyList<(long CustomerId, long ExpectedVersion, long Version)> versions, CancellationToken ct) =>
        OnConnectionAsync(async connection =>
        {
            try
            {
                await using (var batch = new NpgsqlBatch(connection))
                {
                    if (removed.Count > 0)
                    {
                        batch.BatchCommands.Add(Command(
                            """
                            DELETE FROM "TagAssignments" AS a USING unnest($2, $3) AS r(customer, tag)
                            WHERE a."TenantId" = $1 AND a."CustomerId" = r.customer AND a."TagId" = r.tag
                            """,
                            TenantParameter(), Array(removed, a => a.CustomerId), Array(removed, a => a.TagId)));
                    }

                    if (expiring.Count > 0)
                    {
                        batch.BatchCommands.Add(Command(
                            """
                            UPDATE "TagAssignments" AS a SET "ExpiresAt" = e.at FROM unnest($2, $3, $4) AS e(customer, tag, at)
                            WHERE a."TenantId" = $1 AND a."CustomerId" = e.customer AND a."TagId" = e.tag
                            """,
                            TenantParameter(), Array(expiring, a => a.CustomerId), Array(expiring, a => a.TagId), Timestamps(expiring, a => a.ExpiresAt)));
                    }

                    if (batch.BatchCommands.Count > 0)
                    {
                        await batch.ExecuteNonQueryAsync(ct);
                    }
                }

                if (added.Count > 0)
                {
                    await CopyAssignmentsAsync(connection, added, ct);
                }

                if (versions.Count > 0)
                {
                    await using var command = new NpgsqlCommand(
                        """
                        UPDATE "Customers" AS c SET "Version" = v.version FROM unnest($2, $3, $4) AS v(id, expected, version)
                        WHERE c."TenantId" = $1 AND c."Id" = v.id AND c."Version" = v.expected
                        """, connection);
                    command.Parameters.Add(TenantParameter());
                    command.Parameters.Add(Array(versions, v => v.CustomerId));
                    command.Parameters.Add(Array(versions, v => v.ExpectedVersion));
                    command.Parameters.Add(Array(versions, v => v.Version));
                    if (await command.ExecuteNonQueryAsync(ct) != versions.Count)
                    {
                        throw new DbUpdateConcurrencyException("A customer changed meanwhile; the chunk runs again.");
                    }
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new DbUpdateException("An assignment was written meanwhile.", e);
            }

            return true;
        }, ct);

    private Task<bool> CopyAssignmentsAsync(NpgsqlConnection connection, IReadOnlyList<TagAssignment> assignments, CancellationToken ct)
    {
        var tenantId = Tenant.RequiredTenantId;
        return CopyAsync(connection,
            """COPY "TagAssignments" ("TenantId", "CustomerId", "TagId", "Source", "SourceRef", "AssignedAt", "ExpiresAt") FROM STDIN (FORMAT BINARY)""",
            assignments, (import, a) =>
            {
                import.Write(tenantId, NpgsqlDbType.Bigint);
                import.Write(a.CustomerId, NpgsqlDbType.Bigint);
                import.Write(a.TagId, NpgsqlDbType.Bigint);
                import.Write(a.Source.ToString(), NpgsqlDbType.Text);
                WriteNullable(import, a.SourceRef);
                import.Write(Utc(a.AssignedAt), NpgsqlDbType.TimestampTz);
                WriteNullable(import, a.ExpiresAt is { } at ? Utc(at) : (DateTime?)null, NpgsqlDbType.TimestampTz);
            }, ct);
    }
}
