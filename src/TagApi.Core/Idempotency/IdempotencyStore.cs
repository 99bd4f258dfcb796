using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.Idempotency;

/// <summary>
/// The records of <c>Idempotency-Key</c>s, per tenant and client. A request first claims its key in a short transaction
/// of its own — the unique index lets exactly one of two concurrent requests have it — then runs, and its outcome is
/// written over the claim inside the request's own transaction, so it exists exactly when the change does.
/// </summary>
public sealed class IdempotencyStore(TagApiDbContext db, IdempotencySettings settings, TimeProvider clock)
{
    private const int MaxAttempts = 5;

    /// <summary>Claims <paramref name="key"/> for a request, or says what became of an earlier request with it.</summary>
    public async Task<IdempotencyClaim> ClaimAsync(string clientId, string key, string fingerprint, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var now = clock.UtcNow();
            var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.ClientId == clientId && r.Key == key, ct);
            if (existing is null)
            {
                if (await TryInsertAsync(clientId, key, fingerprint, now, ct) is { } claimed)
                {
                    return claimed;
                }

                continue;
            }

            if (existing.ExpiresAt > now)
            {
                if (existing.Fingerprint != fingerprint)
                {
                    return new IdempotencyClaim(ClaimOutcome.Reused);
                }

                if (existing.Status is { } status)
                {
                    return new IdempotencyClaim(ClaimOutcome.Replay, existing.Id, Stored: Outcome(status, existing));
                }

                if (existing.LeaseUntil > now)
                {
                    return new IdempotencyClaim(ClaimOutcome.InFlight);
                }
            }

            // Expired, or claimed by a request that never finished (its lease lapsed): the key is free again. Of
            // several requests taking it over, the conditional update lets one through.
            var owner = Leases.NewToken();
            var taken = await db.IdempotencyRecords
                .Where(r => r.Id == existing.Id && r.Owner == existing.Owner && r.ExpiresAt == existing.ExpiresAt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Fingerprint, fingerprint).SetProperty(r => r.Owner, owner).SetProperty(r => r.LeaseUntil, now + settings.Lease)
                    .SetProperty(r => r.Status, (int?)null).SetProperty(r => r.Headers, (string?)null).SetProperty(r => r.Body, (byte[]?)null)
                    .SetProperty(r => r.CreatedAt, now).SetProperty(r => r.ExpiresAt, now + settings.Retention), ct);
            if (taken == 1)
            {
                return new IdempotencyClaim(ClaimOutcome.Claimed, existing.Id, owner);
            }
        }

        // Lost every race for the key to requests still claiming it.
        return new IdempotencyClaim(ClaimOutcome.InFlight);
    }

    /// <summary>
    /// Stores the outcome over the claim, in the transaction open on the context (the request's, with its change);
    /// false when the claim was lost meanwhile (its lease lapsed and another request took the key over).
    /// </summary>
    public async Task<bool> CompleteAsync(IdempotencyClaim claim, StoredOutcome outcome, CancellationToken ct)
    {
        var headers = JsonSerializer.Serialize(outcome.Headers);
        var expires = clock.UtcNow() + settings.Retention;
        return await db.IdempotencyRecords
            .Where(r => r.Id == claim.RecordId && r.Owner == claim.Owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, outcome.Status).SetProperty(r => r.Headers, headers).SetProperty(r => r.Body, outcome.Body)
                .SetProperty(r => r.Owner, (string?)null).SetProperty(r => r.LeaseUntil, (DateTime?)null).SetProperty(r => r.ExpiresAt, expires), ct) == 1;
    }

    /// <summary>Gives the key up (an outcome that is not kept, such as a 5xx): a retry runs the request again.</summary>
    public Task ReleaseAsync(IdempotencyClaim claim, CancellationToken ct) =>
        db.IdempotencyRecords.Where(r => r.Id == claim.RecordId && r.Owner == claim.Owner).ExecuteDeleteAsync(ct);

    /// <summary>Forgets every record past its time, of every tenant; returns how many.</summary>
    public Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = clock.UtcNow();
        return db.IdempotencyRecords.IgnoreQueryFilters().Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }

    private async Task<IdempotencyClaim?> TryInsertAsync(string clientId, string key, string fingerprint, DateTime now, CancellationToken ct)
    {
        var owner = Leases.NewToken();
        var record = new IdempotencyRecord
        {
            ClientId = clientId, Key = key, Fingerprint = fingerprint, Owner = owner, LeaseUntil = now + settings.Lease,
            CreatedAt = now, ExpiresAt = now + settings.Retention,
        };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
            return new IdempotencyClaim(ClaimOutcome.Claimed, record.Id, owner);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            // Another request claimed the key first; read what it holds.
            return null;
        }
        finally
        {
            db.Entry(record).State = EntityState.Detached;
        }
    }

    private static StoredOutcome Outcome(int status, IdempotencyRecord record) => new(
        status,
        JsonSerializer.Deserialize<Dictionary<string, string>>(record.Headers ?? "{}") ?? [],
        record.Body ?? []);
}
