using Microsoft.EntityFrameworkCore;

namespace TagApi.Core.Common;

/// <summary>A row that background work claims for a while, so several server instances never do that work at once.</summary>
public interface ILeased
{
    long Id { get; }

    /// <summary>Who holds the row now: this process plus a token per claim, so two claims never share a lease.</summary>
    string? LeaseOwner { get; set; }

    DateTime? LeaseUntil { get; set; }
}

/// <summary>
/// Claims and releases <see cref="ILeased"/> rows with one conditional UPDATE each: of several
/// claimants (threads or instances) exactly one sees its row change. A crashed holder's lease
/// simply expires.
/// </summary>
public static class Leases
{
    public const int OwnerMaxLength = 100;

    /// <summary>This process, as named in leases.</summary>
    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}" is var id && id.Length > 60 ? id[..60] : id;

    /// <summary>A token naming one claim by this process.</summary>
    public static string NewToken() => $"{Instance}:{Guid.NewGuid():N}";

    public static async Task<bool> TryTakeAsync<T>(IQueryable<T> rows, long id, string token, DateTime now, TimeSpan length, CancellationToken ct)
        where T : class, ILeased
    {
        var until = now + length;
        var claimed = await rows.Where(r => r.Id == id && (r.LeaseUntil == null || r.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, token).SetProperty(r => r.LeaseUntil, until), ct);
        return claimed == 1;
    }

    /// <summary>Extends a lease still held by <paramref name="token"/>; false when it was lost.</summary>
    public static async Task<bool> TryRenewAsync<T>(IQueryable<T> rows, long id, string token, DateTime until, CancellationToken ct)
        where T : class, ILeased =>
        await rows.Where(r => r.Id == id && r.LeaseOwner == token).ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, until), ct) == 1;

    /// <summary>Gives the lease back even when the caller gave up, so the row is not stuck for the lease's length.</summary>
    public static async Task ReleaseAsync<T>(IQueryable<T> rows, long id, string token)
        where T : class, ILeased =>
        await rows.Where(r => r.Id == id && r.LeaseOwner == token)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseUntil, (DateTime?)null), CancellationToken.None);
}
