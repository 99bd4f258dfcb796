using System.Globalization;
using System.Text;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Report;

/// <summary>The human-readable report: every TagApi figure in the same table as its peers', with ratios.</summary>
public static class MarkdownReport
{
    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# TagApi benchmark report — {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`{report.Command}` — ran {report.DurationSeconds:0} s.");
        md.AppendLine("Absolute times on a shared machine are noise; the ratios between subjects measured side by side in this run are the result.");
        md.AppendLine("`÷ floor`: the row's median over the bare fused bitmap loop's. `peer ÷ TagApi …`: the peer's median over TagApi's, i.e. how many times faster TagApi is.");
        md.AppendLine();
        Machine(md, report);
        Data(md, report);
        foreach (var section in report.Sections)
        {
            Section(md, section);
        }

        Memory(md, report);
        if (report.Notes.Count > 0)
        {
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in report.Notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"* {note}");
            }
        }

        return md.ToString();
    }

    private static void Machine(StringBuilder md, BenchReport report)
    {
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        if (report.Machine is { } m)
        {
            Row(md, "CPU", $"{m.Cpu} ({m.LogicalCores} logical cores, Vector256 {(m.Vector256Accelerated ? "accelerated" : "not accelerated")})");
            Row(md, "Memory", ProcessMemory.Format(m.MemoryBytes));
            Row(md, "OS", m.Os);
            Row(md, ".NET", m.Runtime);
            Row(md, "PostgreSQL", m.PostgresVersion ?? "n/a");
            Row(md, "SQLite", m.SqliteVersion ?? "n/a");
        }

        foreach (var (name, value) in report.PostgresSettings)
        {
            Row(md, $"pg `{name}`", value);
        }

        md.AppendLine();
    }

    private static void Data(StringBuilder md, BenchReport report)
    {
        md.AppendLine("## Data");
        md.AppendLine();
        if (report.Data is { } d)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"{d.Customers:N0} customers, {d.Assignments:N0} tag assignments ({d.Assignments / (double)Math.Max(1, d.Customers):0.0} per customer), {d.Tags} tags, one tenant; seed {d.Seed}, times up to {d.Anchor:yyyy-MM-dd HH:mm} UTC{(d.Reused ? " (database reused from an earlier run with the same size and seed)" : "")}.");
            md.AppendLine();
            md.AppendLine("| Object | Size |");
            md.AppendLine("|---|---:|");
            foreach (var size in d.Sizes)
            {
                Row(md, size.Name, ProcessMemory.Format(size.Bytes));
            }

            md.AppendLine();
        }

        if (report.Load.Count > 0)
        {
            md.AppendLine("| Load step | Rows | Time | Rows/s |");
            md.AppendLine("|---|---:|---:|---:|");
            foreach (var step in report.Load)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {step.Name} | {step.Rows:N0} | {step.Seconds:0.00} s | {step.RowsPerSecond:N0} |");
            }

            md.AppendLine();
        }

        foreach (var (label, value) in report.Facts)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"* {label}: {value}");
        }

        md.AppendLine();
    }

    private static void Section(StringBuilder md, Section section)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"## {section.Id} — {section.Title}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Target: {section.Target}");
        md.AppendLine();
        foreach (var note in section.Notes)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"* {note}");
        }

        if (section.Notes.Count > 0)
        {
            md.AppendLine();
        }

        foreach (var result in section.Cases)
        {
            Case(md, section, result);
        }
    }

    private static void Case(StringBuilder md, Section section, CaseResult result)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"### {section.Id} · {result.Name} — {result.Description}");
        md.AppendLine();
        if (result.TagApiQuery is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"TagApi query: `{result.TagApiQuery}`");
            md.AppendLine();
        }

        var header = new StringBuilder(section.ShowRequestRate ? "| Subject | req/s | p50 | p99 | requests | errors |" : "| Subject | median | p99 | n | result |");
        var rule = new StringBuilder(section.ShowRequestRate ? "|---|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|");
        if (section.ShowThroughput && result.Throughput)
        {
            header.Append(CultureInfo.InvariantCulture, $" {section.ThroughputUnit} |");
            rule.Append("---:|");
        }

        foreach (var column in result.RatioColumns)
        {
            header.Append(CultureInfo.InvariantCulture, $" {column} |");
            rule.Append("---:|");
        }

        md.AppendLine(header.ToString());
        md.AppendLine(rule.ToString());
        foreach (var figure in result.Figures)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {(figure.Kind == SubjectKind.TagApi ? $"**{figure.Subject}**" : figure.Subject)} |");
            if (section.ShowRequestRate && figure.Timing is { } load)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $" {figure.RequestsPerSecond:N0} | {Timing.Format(load.MedianMicros)} | {Timing.Format(load.P99Micros)} | {load.Samples:N0} | {figure.Errors:N0}{(figure.AgreesWithFloor == false ? " ⚠ tags differ from floor" : "")} |");
            }
            else if (figure.Timing is { } t)
            {
                md.Append(CultureInfo.InvariantCulture, $" {Timing.Format(t.MedianMicros)} | {Timing.Format(t.P99Micros)} | {t.Samples} | {Result(figure)} |");
                if (section.ShowThroughput && result.Throughput)
                {
                    md.Append(CultureInfo.InvariantCulture, $" {(figure.Result is { } rows ? (rows / (t.MedianMicros / 1e6)).ToString("N0", CultureInfo.InvariantCulture) : "")} |");
                }
            }
            else
            {
                md.Append(CultureInfo.InvariantCulture, $" {figure.Unavailable} | | | |{(section.ShowRequestRate ? " |" : "")}");
                if (section.ShowThroughput && result.Throughput)
                {
                    md.Append(" |");
                }
            }

            foreach (var column in result.RatioColumns)
            {
                md.Append(figure.Ratios.TryGetValue(column, out var ratio) ? (ratio is { } r ? $" {Ratio(r)} |" : " n/a |") : " |");
            }

            md.AppendLine();
        }

        md.AppendLine();
        if (result.PeerQueries.Count > 0)
        {
            md.AppendLine("<details><summary>Peer SQL</summary>");
            md.AppendLine();
            foreach (var (subject, sql) in result.PeerQueries)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"* {subject}: `{sql}`");
            }

            md.AppendLine();
            md.AppendLine("</details>");
            md.AppendLine();
        }
    }

    private static string Ratio(double r) => r switch
    {
        >= 100 => r.ToString("N0", CultureInfo.InvariantCulture) + "×",
        >= 10 => r.ToString("0.0", CultureInfo.InvariantCulture) + "×",
        _ => r.ToString("0.00", CultureInfo.InvariantCulture) + "×",
    };

    private static string Result(Figure figure)
    {
        var value = figure.Result?.ToString("N0", CultureInfo.InvariantCulture) ?? "";
        if (figure.AgreesWithFloor == false)
        {
            value += " ⚠ differs from floor";
        }

        return figure.Note is null ? value : $"{value} ({figure.Note})";
    }

    private static void Memory(StringBuilder md, BenchReport report)
    {
        if (report.Memory.Count == 0)
        {
            return;
        }

        md.AppendLine("## Export memory (flat-memory check)");
        md.AppendLine();
        md.AppendLine("Resident set of the exporting process just before one export, and its peak while the export ran (the kernel's peak mark is reset first). Flat memory means the growth stays near zero whatever the number of rows.");
        md.AppendLine();
        md.AppendLine("| Subject | Case | Fields | Rows | RSS before | Peak during | Growth |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|");
        foreach (var m in report.Memory)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Subject} | {m.Case} | {m.Fields} | {m.Rows:N0} | {ProcessMemory.Format(m.ResidentBefore)} | {ProcessMemory.Format(m.PeakDuring)} | {ProcessMemory.Format(m.Growth is { } g ? Math.Max(0, g) : null)} |");
        }

        md.AppendLine();
    }

    private static void Row(StringBuilder md, string name, string value) =>
        md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
}
