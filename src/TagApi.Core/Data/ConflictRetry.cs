using Microsoft.EntityFrameworkCore;

namespace TagApi.Core.Data;

/// <summary>
/// Re-runs a unit of work that lost a race: another writer changed the same customer (its version
/// moved) or inserted the same unique row first. The work runs again from a clean change tracker,
/// so it re-reads current state and either succeeds or reports a real conflict.
/// </summary>
public static class ConflictRetry
{
    private const int MaxAttempts = 10;

    public static async Task<T> RunAsync<T>(this TagApiDbContext db, Func<Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && (e is DbUpdateConcurrencyException || db.IsUniqueViolation(e)))
            {
                db.ChangeTracker.Clear();

                // Spread the retries of writers that collided so they do not collide again in lockstep.
                await Task.Delay(Random.Shared.Next(1, 10 * attempt));
            }
        }
    }
}
