namespace TagApi.Core.BulkJobs;

/// <summary>The limits of bulk jobs that are not configuration (the upload size is: <c>BulkJobs:MaxUploadBytes</c>).</summary>
public static class BulkJobLimits
{
    /// <summary>The longest line an upload may hold; a longer one is refused by its line number.</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Lines per stored chunk, and per transaction when the job runs.</summary>
    public const int ChunkLines = 1000;

    /// <summary>Member ids per stored chunk of a segment.tag job.</summary>
    public const int ChunkMembers = 5000;

    public const int MaxMessageLength = 500;

    public const int MaxParametersLength = 12 * 1024;
}
