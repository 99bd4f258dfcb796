using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using TagApi.Api.Common;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// An import's upload: the raw body, NDJSON or CSV, read as a stream and stored as chunks of
/// <see cref="BulkJobLimits.ChunkLines"/> lines with the job, so memory stays flat and any instance can run the job. Lines
/// are checked when the job runs (bad ones are reported by their number); here only the media type, the size limit and,
/// for CSV, the header.
/// </summary>
public sealed class BulkJobUpload(BulkJobService jobs, IOptions<BulkJobOptions> options, BulkJobSignal signal)
{
    public static readonly string[] NdjsonTypes = ["application/x-ndjson", "application/jsonl", "application/json-seq"];
    public const string CsvType = "text/csv";

    // A chunk also ends at this size, so a file of long lines does not make chunks of many megabytes.
    private const int MaxChunkBytes = 1024 * 1024;

    /// <summary>The job, queued for the workers, or the problem that refused the upload.</summary>
    public Task<(BulkJob? Job, IResult? Problem)> StartAsync(HttpContext context, string kind, CancellationToken ct) =>
        StartAsync(context, kind, options.Value.MaxUploadBytes, null, ct);

    /// <summary>
    /// The job, or the problem that refused the upload; at most <paramref name="limit"/> bytes. With a
    /// <paramref name="claim"/> the job is stored claimed by the caller, who runs it, and the workers are not woken.
    /// </summary>
    public async Task<(BulkJob? Job, IResult? Problem)> StartAsync(HttpContext context, string kind, long limit, BulkJobClaim? claim, CancellationToken ct)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        var csv = string.Equals(mediaType, CsvType, StringComparison.OrdinalIgnoreCase);
        if (!csv && (mediaType is null || !NdjsonTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase)))
        {
            return (null, Results.Problem(ProblemResults.Create(context, 415, "unsupported_media_type", "Unsupported media type",
                $"A {kind} job takes its file as the body: application/x-ndjson (one JSON object per line) or text/csv (a header line, then one record per line).")));
        }

        if (context.Request.ContentLength > limit)
        {
            return (null, TooLarge(context, limit));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        var job = new BulkJob { Kind = kind, Status = BulkJobStatus.Queued, Format = csv ? "csv" : "ndjson" };
        var upload = new Upload(reader, limit);
        if (csv)
        {
            job.CsvHeader = await upload.HeaderAsync(ct);
            if (string.IsNullOrWhiteSpace(job.CsvHeader))
            {
                throw new ValidationFailedException("body", "A CSV upload begins with a header line naming its columns.");
            }
        }

        try
        {
            var started = await jobs.CreateAsync(job, upload.ChunksAsync(ct), claim, ct);
            if (claim is null)
            {
                signal.Wake();
            }

            return (started, null);
        }
        catch (UploadTooLargeException)
        {
            return (null, TooLarge(context, limit));
        }
    }

    private static IResult TooLarge(HttpContext context, long limit) =>
        Results.Problem(ProblemResults.Create(context, 413, "payload_too_large", "Payload too large",
            $"An upload is at most {limit} bytes; split the file into several."));

    private sealed class UploadTooLargeException : Exception;

    private sealed class Upload(StreamReader reader, long limit)
    {
        private long _bytes;
        private long _number;

        public async Task<string?> HeaderAsync(CancellationToken ct)
        {
            while (await NextAsync(ct) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    return line.Length > BulkJobLimits.MaxLineBytes ? throw new ValidationFailedException("body", "The CSV header line is too long.") : line;
                }
            }

            return null;
        }

        public async IAsyncEnumerable<BulkJobChunk> ChunksAsync([EnumeratorCancellation] CancellationToken ct)
        {
            var text = new StringBuilder();
            var first = _number + 1;
            var lines = 0;
            while (await NextAsync(ct) is { } line)
            {
                if (lines == 0 && text.Length == 0)
                {
                    first = _number;
                }

                text.Append(line).Append('\n');
                if (!string.IsNullOrWhiteSpace(line))
                {
                    lines++;
                }

                if (lines == BulkJobLimits.ChunkLines || text.Length >= MaxChunkBytes)
                {
                    yield return Chunk(text, first, lines);
                    text.Clear();
                    lines = 0;
                }
            }

            if (lines > 0)
            {
                yield return Chunk(text, first, lines);
            }
        }

        private static BulkJobChunk Chunk(StringBuilder text, long first, int lines) =>
            new() { Data = Encoding.UTF8.GetBytes(text.ToString(0, text.Length - 1)), FirstLine = first, Lines = lines };

        private async Task<string?> NextAsync(CancellationToken ct)
        {
            var line = await reader.ReadLineAsync(ct);
            if (line is not null)
            {
                _number++;
                _bytes += Encoding.UTF8.GetByteCount(line) + 1;
                if (_bytes > limit + 1)
                {
                    throw new UploadTooLargeException();
                }
            }

            return line;
        }
    }
}
