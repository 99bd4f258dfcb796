using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Peers;
using TagApi.Bench.Queries;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>W3: exporting every member of a 10 % and a ~100 % segment, ids alone and ids with e-mail.</summary>
public static class W3Export
{
    public const string Target = "ids ≥ 5M/s; with email ≥ 50 % of raw COPY; flat memory.";

    public static Section Run(Stage stage, BenchReport report)
    {
        var section = new Section("W3", $"Export ({stage.Data.Customers:N0} customers, PostgreSQL)", Target) { ShowThroughput = true };
        section.Notes.Add("Every exporter hands its ids in batches to the same consumer, which sums them (checked against the floor). E-mail is read and counted, not kept.");
        section.Notes.Add("TagApi (HTTP) saves the query as a segment once, then streams `GET /v1/segments/{key}/export?format=ndjson&fields=id` (or `fields=id,email`).");
        section.Notes.Add("The COPY peers select from \"Customers\" the members found either by the intarray index or by EXISTS probes into \"TagAssignments\"; ids in binary format, ids + e-mail in text format (what `psql \\copy` writes).");
        using var peer = new PostgresPeer(stage.Source);
        var duck = DuckDbPeerOfStage.Get(stage, section, "reads the same members whole (its list table or its junction table; with e-mail, joined to its copy of the customers' id and e-mail), every row through its .NET reader.");
        var duckSql = stage.Sql with { Dialect = SqlDialect.DuckDb };
        foreach (var c in new[] { Cases.W3Tenth, Cases.W3Everyone })
        {
            var text = TagApiText.Render(c.Segment);
            var plan = stage.Plan(c.Segment);
            var sink = new ChecksumSink();
            var expectedRows = plan.Export(sink.Add);
            var expectedSum = sink.Take();
            foreach (var fields in new[] { ExportFields.Ids, ExportFields.IdsAndEmail })
            {
                var label = fields == ExportFields.Ids ? "ids" : "ids + email";
                var result = new CaseResult($"{c.Name}, {label}", $"{c.Description}; {expectedRows:N0} members")
                {
                    TagApiQuery = text,
                    Expected = expectedRows,
                    ExpectedChecksum = expectedSum,
                };
                foreach (var slot in stage.Engines)
                {
                    if (slot.Engine is not { } engine)
                    {
                        result.Add("W3", Figure.Missing(slot.Name, SubjectKind.TagApi, slot.Reason!));
                        continue;
                    }

                    var figure = Time(slot.Name, SubjectKind.TagApi, sink, () => engine.Export(text, fields, sink.Add).Rows);
                    result.Add("W3", figure);
                    if (figure.Timing is not null && slot.ProcessId is { } pid)
                    {
                        report.Memory.Add(MemoryDuring(pid, slot.Name, result.Name, label, () => engine.Export(text, fields, sink.Add).Rows));
                    }
                }

                if (fields == ExportFields.Ids)
                {
                    result.Add("W3", Time(PeerNames.Floor, SubjectKind.Floor, sink, () => plan.Export(sink.Add)));
                    foreach (var (name, sql) in new[]
                    {
                        (PeerNames.CopyBinaryGin, GinSql.Select(c.Segment, stage.Sql, "c.\"Id\"")),
                        (PeerNames.CopyBinaryExists, ExistsSql.Select(c.Segment, stage.Sql, "c.\"Id\"")),
                    })
                    {
                        result.PeerQueries[name] = $"COPY ({sql}) TO STDOUT (FORMAT BINARY)";
                        result.Add("W3", Time(name, SubjectKind.Peer, sink, () => peer.CopyIds(sql, sink.Add)));
                    }

                    var memorySql = GinSql.Select(c.Segment, stage.Sql, "c.\"Id\"");
                    report.Memory.Add(MemoryDuring(Environment.ProcessId, "bench process: " + PeerNames.CopyBinaryGin, result.Name, label, () => peer.CopyIds(memorySql, sink.Add)));
                }
                else
                {
                    foreach (var (name, sql) in new[]
                    {
                        (PeerNames.CopyTextGin, GinSql.Select(c.Segment, stage.Sql, "c.\"Id\", c.\"Email\"")),
                        (PeerNames.CopyTextExists, ExistsSql.Select(c.Segment, stage.Sql, "c.\"Id\", c.\"Email\"")),
                    })
                    {
                        result.PeerQueries[name] = $"COPY ({sql}) TO STDOUT";
                        result.Add("W3", Time(name, SubjectKind.Peer, sink, () => peer.CopyText(sql, sink.Add).Rows));
                    }
                }

                if (duck is not null)
                {
                    var columns = fields == ExportFields.Ids ? "m.id" : "m.id, c.\"Email\"";
                    var join = fields == ExportFields.Ids ? "" : " JOIN \"Customers\" c ON c.\"Id\" = m.id";
                    foreach (var (name, members) in new[]
                    {
                        (PeerNames.DuckListExport, DuckListSql.Members(c.Segment, duckSql)),
                        (PeerNames.DuckJunctionExport, JunctionSql.Members(c.Segment, duckSql)),
                    })
                    {
                        var sql = $"SELECT {columns} FROM ({members}) AS m{join}";
                        result.PeerQueries[name] = sql;
                        result.Add("W3", Time(name, SubjectKind.Peer, sink, () => duck.Export(sql, sink.Add).Rows));
                    }
                }

                result.CheckAgainstFloor();
                result.AddStandardRatios();
                section.Cases.Add(result);
            }
        }

        return section;
    }

    private static Figure Time(string subject, SubjectKind kind, ChecksumSink sink, Func<long> export)
    {
        sink.Take();
        var figure = Figure.Time(subject, kind, () =>
        {
            sink.Take();
            return export();
        }, MeasureBudget.Heavy);
        return figure.Timing is null ? figure : figure with { Checksum = sink.Take() };
    }

    private static MemoryCheck MemoryDuring(int pid, string subject, string caseName, string fields, Func<long> export)
    {
        GC.Collect();
        ProcessMemory.ResetPeak(pid);
        var before = ProcessMemory.Read(pid);
        var rows = export();
        var after = ProcessMemory.Read(pid);
        return new MemoryCheck(subject, caseName, fields, rows, before.ResidentBytes, after.PeakResidentBytes);
    }

    /// <summary>The consumer every exporter feeds: sums the ids so nothing is optimised away and results can be compared.</summary>
    private sealed class ChecksumSink
    {
        private long _sum;

        public void Add(ReadOnlySpan<long> ids)
        {
            foreach (var id in ids)
            {
                _sum += id;
            }
        }

        public long Take()
        {
            var sum = _sum;
            _sum = 0;
            return sum;
        }
    }
}
