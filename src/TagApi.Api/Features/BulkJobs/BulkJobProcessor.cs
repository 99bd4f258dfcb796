using System.Text.Json;
using TagApi.Api.Common;
using TagApi.Core.Activities;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>One chunk of a job to apply, inside the transaction that also moves the job's checkpoint.</summary>
/// <param name="Job">The job (read in this transaction).</param>
/// <param name="Chunk">The input chunk.</param>
/// <param name="Json">The API's JSON settings, so a line binds exactly as the same body would over REST.</param>
public sealed record ChunkWork(BulkJob Job, BulkJobChunk Chunk, JsonSerializerOptions Json);

/// <summary>What applying one chunk did.</summary>
public sealed class ChunkOutcome
{
    /// <summary>Lines (or members) the chunk held.</summary>
    public long Done { get; set; }

    public List<ImportLineError> Errors { get; } = [];

    /// <summary>Counts that add up into the job's result (created, updated, added…).</summary>
    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>The output chunk an export writes; null for the other kinds.</summary>
    public byte[]? Output { get; set; }

    public void Count(string name, long by = 1) => Counts[name] = Counts.GetValueOrDefault(name) + by;

    public void Refuse(long line, Exception exception) => Errors.Add(ErrorOf(line, exception));

    /// <summary>The error report line for a refused input line: a stable code and a message naming the field.</summary>
    public static ImportLineError ErrorOf(long line, Exception exception) => exception switch
    {
        ValidationFailedException v => new(line, v.Code, Trim(string.Join("; ", v.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))),
        TagApiException t => new(line, t.Code, Trim(t.Message)),
        JsonException j => new(line, "validation_failed", Trim("Not valid JSON for this kind: " + JsonErrorMessages.Describe(j).Message)),
        FormatException f => new(line, "validation_failed", Trim(f.Message)),
        _ => throw new InvalidOperationException("Only input errors are reported by line.", exception),
    };

    private static string Trim(string message) => message.Length <= BulkJobLimits.MaxMessageLength ? message : message[..BulkJobLimits.MaxMessageLength];
}

/// <summary>Applies chunks of one kind of job. Scoped: each chunk runs in its own unit of work, bound to the job's tenant.</summary>
public interface IBulkJobProcessor
{
    string Kind { get; }

    /// <summary>
    /// The entity tables this kind looks rows up in or updates by key while it grows them (or right after an earlier job
    /// did): a long job keeps their planner statistics fresh (<see cref="BulkJobStatistics"/>). Empty for a kind that
    /// only reads.
    /// </summary>
    IReadOnlyList<Type> LookupTables { get; }

    /// <summary>
    /// Applies the chunk in the open transaction (do not commit). A line that is bad is reported and skipped; a lost race
    /// surfaces as the services raise it, and the whole chunk runs again.
    /// </summary>
    Task<ChunkOutcome> ProcessAsync(ChunkWork work, CancellationToken ct);
}

/// <summary>Helpers the line-based processors share.</summary>
internal static class LineChecks
{
    /// <summary>True when the line is too long to read, after reporting it.</summary>
    public static bool TooLong(ChunkOutcome outcome, BulkLine line)
    {
        if (line.Text.Length <= BulkJobLimits.MaxLineBytes)
        {
            return false;
        }

        outcome.Errors.Add(new ImportLineError(line.Number, "validation_failed", $"The line is longer than {BulkJobLimits.MaxLineBytes / 1024} KB."));
        return true;
    }

    /// <summary>The object a line holds, bound as <typeparamref name="T"/>; null (reported) when it is not one.</summary>
    public static T? Bind<T>(ChunkOutcome outcome, ChunkWork work, BulkLine line)
        where T : class
    {
        if (TooLong(outcome, line))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(BulkLines.ToJson(work.Job, line.Text), work.Json)
                ?? throw new FormatException("Each line is one JSON object.");
        }
        catch (Exception e) when (e is JsonException or FormatException or TagApiException)
        {
            outcome.Refuse(line.Number, e);
            return null;
        }
    }
}
