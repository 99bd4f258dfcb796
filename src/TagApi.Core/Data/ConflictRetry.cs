using Microsoft.EntityFrameworkCore;

namespace TagApi.Core.Data;

/// <summary>
/// Re-runs a unit of work that lost a race: another writer changed the same customer (its version
/// moved) or inserted the same unique row first. The work runs again from a clean change tracker,
/// so it re-reads current state and either succeeds or reports a real conflict.
/// Inside a transaction the caller opened (a request carrying an Idempotency-Key runs in one) the work
/// cannot run again on its own: the transaction holds what the lost attempt wrote before the race and,
/// on PostgreSQL, may be aborted. The race is then left to the caller, who rolls back and runs the whole
/// request again (<see cref="TagApiDbContext.RestartRequested"/>).
/// </summary>
public static class ConflictRetry
{
    private const int MaxAttempts = 10;

    public static async Task<T> RunAsync<T>(this TagApiDbContext db, Func<Task<T>> work)
    {
        var insideCallersTransaction = db.Database.CurrentTransaction is not null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (DbUpdateException e) when (IsLostRace(db, e) && insideCallersTransaction)
            {
                db.RestartRequested = true;
                throw;
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && IsLostRace(db, e))
            {
                db.ChangeTracker.Clear();

                // Spread the retries of writers that collided so they do not collide again in lockstep.
                await Task.Delay(Random.Shared.Next(1, 10 * attempt));
            }
        }
    }

    /// <summary>Whether the failure is a lost race worth running the work again for.</summary>
    public static bool IsLostRace(TagApiDbContext db, DbUpdateException e) => e is DbUpdateConcurrencyException || db.IsUniqueViolation(e);
}
