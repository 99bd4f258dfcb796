using Npgsql;

namespace TagApi.Data.Postgres;

/// <summary>Settling owed rule evaluations without waiting for the disk.</summary>
public sealed partial class PostgresTagApiDbContext
{
    /// <summary>
    /// Both statements go in one round trip, in the one implicit transaction a batch runs in, so the transaction-local
    /// setting applies to the deletion's commit alone (see the base method for why that is safe). Inside a caller's
    /// transaction the setting would relax that transaction's commit too, so there the deletion is the plain one.
    /// </summary>
    public override Task DeleteSettledOwedAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        Database.CurrentTransaction is not null ? base.DeleteSettledOwedAsync(ids, ct) : OnConnectionAsync(async connection =>
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""DELETE FROM "OwedRuleEvaluations" WHERE "Id" = ANY ($1)""")
            {
                Parameters = { new NpgsqlParameter<Guid[]> { TypedValue = [.. ids] } },
            });
            return await batch.ExecuteNonQueryAsync(ct);
        }, ct);
}
