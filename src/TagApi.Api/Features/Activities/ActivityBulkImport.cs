using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TagApi.Api.Common;
using TagApi.Core.Activities;

namespace TagApi.Api.Features.Activities;

/// <summary>The outcome of a bulk import.</summary>
/// <param name="Lines">Non-blank lines read.</param>
/// <param name="Recorded">Activities stored.</param>
/// <param name="Duplicates">Lines ignored because their externalId was recorded before.</param>
/// <param name="Rejected">Lines refused (see errors).</param>
/// <param name="Errors">The first 100 refused lines with their reasons.</param>
public sealed record ActivityImportResponse(long Lines, long Recorded, long Duplicates, long Rejected, IReadOnlyList<ImportLineError> Errors);

/// <summary>
/// <c>POST /v1/activities/bulk</c>: newline-delimited JSON, one activity per line, read as a stream
/// and written in chunks, so memory stays flat however large the upload. Re-sending an upload is
/// safe when lines carry externalIds.
/// </summary>
public static class ActivityBulkImport
{
    private const int ChunkSize = 5000;
    private const int MaxLineBytes = 64 * 1024;
    private const int MaxReportedErrors = 100;
    private static readonly string[] MediaTypes = ["application/x-ndjson", "application/jsonl", "application/json-seq"];

    public static async Task<IResult> ImportAsync(HttpContext context, ActivityImporter importer, IOptions<JsonOptions> json, IOptions<ActivityOptions> activities, CancellationToken ct)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !MediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return Results.Problem(ProblemResults.Create(context, 415, "unsupported_media_type", "Unsupported media type",
                "Send newline-delimited JSON as application/x-ndjson, one activity per line."));
        }

        // Imports are large by nature; the general body limit is for ordinary requests.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = activities.Value.BulkMaxBytes;
        }

        var options = json.Value.SerializerOptions;
        var chunk = new List<(long, ActivityInput)>(ChunkSize);
        var errors = new List<ImportLineError>();
        long lines = 0, recorded = 0, duplicates = 0, rejected = 0;

        async Task FlushAsync()
        {
            if (chunk.Count == 0)
            {
                return;
            }

            var result = await importer.ImportChunkAsync(chunk, ct);
            recorded += result.Recorded;
            duplicates += result.Duplicates;
            Reject(result.Errors);
            chunk.Clear();
        }

        void Reject(IEnumerable<ImportLineError> refused)
        {
            foreach (var error in refused)
            {
                rejected++;
                if (errors.Count < MaxReportedErrors)
                {
                    errors.Add(error);
                }
            }
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        long number = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            lines++;
            if (Parse(text, number, options, out var error) is { } input)
            {
                chunk.Add((number, input));
            }
            else
            {
                Reject([error!]);
            }

            if (chunk.Count == ChunkSize)
            {
                await FlushAsync();
            }
        }

        await FlushAsync();
        return Results.Ok(new ActivityImportResponse(lines, recorded, duplicates, rejected, errors));
    }

    private static ActivityInput? Parse(string text, long line, JsonSerializerOptions options, out ImportLineError? error)
    {
        error = null;
        if (text.Length > MaxLineBytes)
        {
            error = new ImportLineError(line, "validation_failed", $"The line is longer than {MaxLineBytes / 1024} KB.");
            return null;
        }

        try
        {
            var request = JsonSerializer.Deserialize<ActivityRequest>(text, options);
            if (request is null || request.IsBatch)
            {
                error = new ImportLineError(line, "validation_failed", "Each line is one activity object.");
                return null;
            }

            return request.ToInput();
        }
        catch (JsonException e)
        {
            error = new ImportLineError(line, "validation_failed", "Not a valid activity: " + JsonErrorMessages.Describe(e).Message);
            return null;
        }
    }
}
