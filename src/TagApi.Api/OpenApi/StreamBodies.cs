using Microsoft.OpenApi;

namespace TagApi.Api.OpenApi;

/// <summary>
/// The streamed bodies: the NDJSON activity import and the NDJSON/CSV segment export. They are
/// binary strings, which generators turn into streams rather than reading them whole.
/// </summary>
internal static class StreamBodies
{
    public const string Ndjson = "application/x-ndjson";
    public const string Csv = "text/csv";

    public static void Apply(OpenApiOperation operation)
    {
        switch (operation.OperationId)
        {
            case "ImportActivities":
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "One activity per line, each a JSON object shaped like `ActivityItemRequest` (`application/jsonl` and "
                        + "`application/json-seq` are accepted too). Lines of up to 64 KB; the whole upload up to `Activities:BulkMaxBytes` (4 GiB by default).",
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [Ndjson] = new() { Schema = Binary("The NDJSON upload.") } },
                };
                break;
            case "StartBulkJob" when operation.RequestBody is OpenApiRequestBody body && body.Content is { } content:
                body.Description = "An import's file (NDJSON: one JSON object per line; CSV: a header line, then one record per line), streamed, "
                    + "with `?kind=`; lines of up to 64 KB, the upload up to `BulkJobs:MaxUploadBytes` (1 GiB by default). "
                    + "Or, for segment.tag and customers.export, a JSON `StartBulkJobRequest`.";
                foreach (var type in content.Keys.Where(k => k != "application/json").ToList())
                {
                    content[type] = new OpenApiMediaType { Schema = Binary(type == Csv ? "The CSV upload." : "The NDJSON upload.") };
                }

                break;
            case "DownloadBulkJobOutput" when operation.Responses?.TryGetValue("200", out var downloaded) == true && downloaded is OpenApiResponse file:
                file.Description = "The export: NDJSON (one customer per line, as GET /v1/customers/{id} shows it) or CSV (a header line, then one line per customer).";
                file.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    [Ndjson] = new() { Schema = Binary("One JSON object per customer.") },
                    [Csv] = new() { Schema = Binary("RFC 4180 CSV with a header line.") },
                };
                break;
            case "ExportSegment" when operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response:
                response.Description = "Every member, streamed: NDJSON (one object per line) or CSV (a header line, then one line per member), "
                    + "as `format` asks; fields as `fields` asks.";
                response.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    [Ndjson] = new() { Schema = Binary("One JSON object per member, e.g. `{\"id\":\"cus_…\",\"externalId\":\"shop-1001\"}`.") },
                    [Csv] = new() { Schema = Binary("RFC 4180 CSV with a header line.") },
                };
                break;
        }
    }

    // The length is bounded by the upload limit or by the segment's size, not by a fixed figure.
    private static OpenApiSchema Binary(string description) =>
        new() { Type = JsonSchemaType.String, Format = "binary", MaxLength = int.MaxValue, Description = description };
}
