using TagApi.Bench.Peers;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>The stage's DuckDB peer for a workload beside W1, which loads it: a run without it notes why and goes on.</summary>
public static class DuckDbPeerOfStage
{
    /// <summary>The peer, loaded on first use; the section's notes say what it does here, or why it is missing.</summary>
    public static DuckDbSegmentPeer? Get(Stage stage, Section section, string use)
    {
        try
        {
            var duck = stage.Duck;
            section.Notes.Add($"DuckDB ({duck.Version()}) in-process {use}");
            return duck;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            section.Notes.Add("DuckDB could not be loaded, so it has no figures in this run: " + Figure.Reason(e));
            return null;
        }
    }
}
