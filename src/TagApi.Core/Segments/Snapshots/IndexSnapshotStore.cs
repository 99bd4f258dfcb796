using Microsoft.Extensions.Logging;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Segments.Snapshots;

/// <summary>A snapshot file read back: what its header says and the index parts of its body.</summary>
internal sealed record RestoredSnapshot(SnapshotHeader Header, RestoredIndex Body, long Bytes);

/// <summary>
/// The node's snapshot files, one per tenant (and per database: the tenant's creation time is in the name). A file is
/// written beside its final name and moved over it once flushed to disk, so a reader (or a node killed mid-write) only
/// ever finds whole files; one that is damaged, too old or from another database is deleted and the index built from
/// the tables.
/// </summary>
public sealed partial class IndexSnapshotStore(IndexSnapshotSettings settings, ILogger<IndexSnapshotStore> logger)
{
    private const string Extension = ".tagidx";

    public bool Enabled => settings.Directory is not null;

    /// <summary>Whether a file of the tenant may exist (one of any database), checked before the database is asked who the tenant is.</summary>
    public bool MayHold(long tenantId) =>
        Enabled && Directory.Exists(settings.Directory) && Directory.EnumerateFiles(settings.Directory, $"tenant-{tenantId}-*{Extension}").Any();

    /// <summary>Writes a tenant's index as of <paramref name="header"/>'s position; returns the file's size in bytes.</summary>
    public long Write(SnapshotHeader header, IndexSnapshot snapshot)
    {
        var path = PathOf(header.TenantId, header.TenantCreatedAt);
        Directory.CreateDirectory(settings.Directory!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            long bytes;
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                IndexSnapshotFile.Write(file, header, snapshot);
                file.Flush(flushToDisk: true);
                bytes = file.Length;
            }

            File.Move(temporary, path, overwrite: true);
            return bytes;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// The tenant's snapshot, unless there is none or <paramref name="refusal"/> gives a reason not to use its header
    /// (then, as when the body is damaged, the file is deleted).
    /// </summary>
    internal RestoredSnapshot? TryRead(long tenantId, DateTime tenantCreatedAt, Func<SnapshotHeader, string?> refusal)
    {
        if (!Enabled)
        {
            return null;
        }

        var path = PathOf(tenantId, tenantCreatedAt);
        string? reason;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
            var header = IndexSnapshotFile.ReadHeader(file);
            reason = header is null ? "not a snapshot of this version"
                : header.TenantId != tenantId || header.TenantCreatedAt != tenantCreatedAt ? "another tenant's"
                : refusal(header);
            if (reason is null)
            {
                return new RestoredSnapshot(header!, IndexSnapshotFile.ReadBody(file), file.Length);
            }
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is SnapshotFormatException or EndOfStreamException or IOException or ArgumentException)
        {
            reason = e.Message;
        }

        LogRefused(logger, tenantId, path, reason);
        File.Delete(path);
        return null;
    }

    /// <summary>Deletes files no node can use any more (older than the change log's retention) and leftovers of interrupted writes.</summary>
    public int DeleteStale(DateTime now)
    {
        if (!Enabled || !Directory.Exists(settings.Directory))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in new DirectoryInfo(settings.Directory).EnumerateFiles("*" + Extension + "*"))
        {
            var temporary = file.Name.EndsWith(".tmp", StringComparison.Ordinal);
            if (file.LastWriteTimeUtc < now - (temporary ? TimeSpan.FromHours(1) : IndexFollower.Retention))
            {
                file.Delete();
                deleted++;
            }
        }

        return deleted;
    }

    private string PathOf(long tenantId, DateTime tenantCreatedAt) =>
        Path.Combine(settings.Directory ?? throw new InvalidOperationException("Index snapshots are off."), $"tenant-{tenantId}-{tenantCreatedAt.Ticks}{Extension}");

    internal void LogRestoreFailed(long tenantId, Exception exception) => LogFailed(logger, tenantId, exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restoring the index of tenant {TenantId} from its snapshot failed; the index is built from the database")]
    private static partial void LogFailed(ILogger logger, long tenantId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The index snapshot of tenant {TenantId} ({Path}) is not used and was deleted: {Reason}; the index is built from the database")]
    private static partial void LogRefused(ILogger logger, long tenantId, string path, string reason);
}
