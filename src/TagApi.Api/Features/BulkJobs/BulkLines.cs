using System.Text;
using System.Text.Json.Nodes;
using TagApi.Core.BulkJobs;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>One line of an upload: its 1-based number in the file and its text.</summary>
public readonly record struct BulkLine(long Number, string Text);

/// <summary>
/// Lines of stored chunks, and CSV rows read as JSON objects: each column a member (empty cells left out), columns named
/// <c>attributes.x</c> gathered into <c>attributes</c>. One record per line: CSV fields may be quoted, but not span lines.
/// </summary>
public static class BulkLines
{
    public static IReadOnlyList<BulkLine> Read(BulkJobChunk chunk)
    {
        var text = Encoding.UTF8.GetString(chunk.Data);
        var lines = new List<BulkLine>(chunk.Lines);
        var number = chunk.FirstLine;
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (!string.IsNullOrWhiteSpace(trimmed))
            {
                lines.Add(new BulkLine(number, trimmed));
            }

            number++;
        }

        return lines;
    }

    /// <summary>The JSON of a line: as it is for NDJSON; for CSV, an object built against the header.</summary>
    public static string ToJson(BulkJob job, string line)
    {
        if (job.Format != "csv")
        {
            return line;
        }

        var header = Fields(job.CsvHeader ?? string.Empty);
        var cells = Fields(line);
        if (cells.Count != header.Count)
        {
            throw new FormatException($"The row has {cells.Count} fields; the header has {header.Count}.");
        }

        var json = new JsonObject();
        for (var i = 0; i < header.Count; i++)
        {
            if (cells[i].Length == 0)
            {
                continue;
            }

            if (header[i].StartsWith("attributes.", StringComparison.Ordinal))
            {
                var attributes = json["attributes"] as JsonObject ?? (JsonObject)(json["attributes"] = new JsonObject());
                attributes[header[i]["attributes.".Length..]] = cells[i];
            }
            else
            {
                json[header[i]] = cells[i];
            }
        }

        return json.ToJsonString();
    }

    /// <summary>The fields of one CSV record (RFC 4180 quoting, on one line).</summary>
    public static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException("A quoted field is not closed on its line.");
        }

        fields.Add(field.ToString());
        return fields;
    }
}
