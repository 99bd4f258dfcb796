using System.Diagnostics;
using System.Globalization;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>
/// W11's restart from the snapshot: every W11 server writes its tenant index to a snapshot directory of its own. After
/// the cold-start measurements of the server as shipped, the harness waits for that snapshot, stops the server the
/// way it stops every server (it kills it: a killed node must come back from its last snapshot), starts a new one on
/// the same directory and times its first count exactly as the cold one is timed.
/// </summary>
public static partial class W11Memory
{
    private const string RestartSubject = "TagApi (HTTP) · time to first answer after a restart from the snapshot";
    private const string SnapshotExtension = ".tagidx";

    // Short, so the index the first answer built is written soon after it rather than after the server's default interval.
    private const int SnapshotIntervalSeconds = 5;
    private static readonly TimeSpan SnapshotBound = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan SnapshotPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>The cold server as shipped, still running, with what its restart needs.</summary>
    private sealed record ColdServer(
        TagApiServer Server, IReadOnlyDictionary<string, string> Settings, string Snapshots, string RestartLog, DateTime AnsweredAt);

    /// <summary>The snapshot files found: their size, how many, and when the last of them was written.</summary>
    private sealed record Snapshot(long Bytes, int Files, DateTime WrittenAt);

    // A directory of its own per server, emptied first: a snapshot left by an earlier server or by a run into the same
    // --out folder would turn the cold start into a restart.
    private static string FreshSnapshotDirectory(string outputDir, string server)
    {
        var directory = Path.Combine(outputDir, $"{server}-snapshots");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        return directory;
    }

    private static void AddSnapshotSettings(Dictionary<string, string> settings, string directory)
    {
        settings["Segments:SnapshotsEnabled"] = "true";
        settings["Segments:SnapshotDirectory"] = directory;
        settings["Segments:SnapshotIntervalSeconds"] = SnapshotIntervalSeconds.ToString(CultureInfo.InvariantCulture);
    }

    private static void RestartFromSnapshot(
        Section section, CaseResult firstCase, Dataset data, TagApiCli cli, string query, long expected, string variant, Snapshot? snapshot, ColdServer cold)
    {
        var label = $"**{variant}**, restart from the snapshot";
        try
        {
            if (snapshot is null)
            {
                firstCase.Add(Workload, Figure.Missing(RestartSubject, SubjectKind.TagApi, $"no snapshot written within {SnapshotBound.TotalSeconds:N0} s"));
                section.Notes.Add($"{label}: no snapshot written: no `*{SnapshotExtension}` file in `{cold.Snapshots}` within {SnapshotBound.TotalSeconds:N0} s " +
                    "after the first answer. No restart was measured.");
                return;
            }

            // Killed, as TagApiServer stops every server: what is measured is a node coming back from its last snapshot
            // after a crash, not after a shutdown that could have written a fresh one.
            cold.Server.Dispose();
            var (seconds, first, phases) = FirstAnswerAfterRestart(data, cli, query, cold);
            firstCase.Add(Workload, new Figure(RestartSubject, SubjectKind.TagApi)
            {
                Timing = new Timing([seconds * 1_000_000]),
                Result = first,
                AgreesWithFloor = first == expected,
            });
            var files = snapshot.Files > 1 ? $" in {snapshot.Files} files" : "";
            section.Notes.Add($"{label}: snapshot file size {Mib(snapshot.Bytes)}{files}; snapshot written after {(snapshot.WrittenAt - cold.AnsweredAt).TotalSeconds:N2} s " +
                "(from the first answer to the file's last write). The server was then killed and a new one started on the same snapshot directory: " +
                $"first answer after a restart from the snapshot {seconds:N2} s ({Checked(first, expected)}); build phases: {phases}.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            firstCase.Add(Workload, Figure.Missing(RestartSubject, SubjectKind.TagApi, Figure.Reason(e)));
            section.Notes.Add($"{label}: {Figure.Reason(e)}.");
        }
    }

    private static Snapshot? WaitForSnapshot(string directory)
    {
        var clock = Stopwatch.StartNew();
        var snapshot = FindSnapshot(directory);
        while (snapshot is null && clock.Elapsed < SnapshotBound)
        {
            Thread.Sleep(SnapshotPoll);
            snapshot = FindSnapshot(directory);
        }

        return snapshot;
    }

    // Only complete files carry the extension: the server writes a temporary file and renames it. The file's last write
    // dates it, so a snapshot written while the measurements still ran is not dated by when the harness looked.
    private static Snapshot? FindSnapshot(string directory)
    {
        var files = new DirectoryInfo(directory).EnumerateFiles("*" + SnapshotExtension)
            .Where(f => string.Equals(f.Extension, SnapshotExtension, StringComparison.Ordinal))
            .ToList();
        return files.Count == 0 ? null : new Snapshot(files.Sum(f => f.Length), files.Count, files.Max(f => f.LastWriteTimeUtc));
    }

    private static (double Seconds, long First, string Phases) FirstAnswerAfterRestart(Dataset data, TagApiCli cli, string query, ColdServer cold)
    {
        using var server = TagApiServer.Start(cli, data.Target, cold.RestartLog, cold.Settings);
        using var diagnostics = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpSegmentEngine(Stage.HttpName, server.BaseAddress, data.ClientId, data.ClientSecret);

        // The cold server's heap was read (a forced full collection) just before its first answer: the same here, so
        // both first answers start from the same state.
        Measure(diagnostics, server.ProcessId);
        var clock = Stopwatch.StartNew();
        var first = http.Count(query);
        var seconds = clock.Elapsed.TotalSeconds;

        // The answer is measured; phases this harness cannot read must not lose it.
        string phases;
        try
        {
            phases = Phases(Measure(diagnostics, server.ProcessId).Json);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            phases = "not read: " + Figure.Reason(e);
        }

        return (seconds, first, phases);
    }

    private static string Checked(long first, long expected) => first == expected ? "correct" : $"WRONG: {first:N0}, expected {expected:N0}";
}
