using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using TagApi.Bench.Data;

namespace TagApi.Bench.Ingestion;

/// <summary>One generated activity of W4's stream.</summary>
public readonly record struct ActivityRow(int Customer, long Number, string Type, string Channel, DateTime OccurredAt, decimal? Amount);

/// <summary>
/// W4's data, the same rows for every subject: the generator's customers (index i is external id
/// <c>c.ExternalId</c>, and id i + 1 where a peer chooses ids), their catalog tags, and ten activities each from a fixed
/// seed. Written as the NDJSON files the bulk jobs take, or straight into binary COPY for the raw peer.
/// </summary>
public sealed class IngestSet(CustomerGenerator generator, int customers, ulong seed)
{
    public const int ActivitiesPerCustomer = 10;
    private static readonly string[] Channels = ["email", "chat", "phone", "app", "web", "store", "social"];

    public int Customers => customers;

    public CustomerGenerator Generator => generator;

    /// <summary>The catalog tags of customer <paramref name="index"/> (indexes into <see cref="TagCatalog.All"/>).</summary>
    public int Tags(int index, Span<byte> into) => generator.Tags(index, into);

    /// <summary>Every activity in order; the same sequence each time it is enumerated.</summary>
    public IEnumerable<ActivityRow> Activities(int customerCount)
    {
        var rng = new Rng(seed, 44);
        var now = generator.Anchor;
        long number = 0;
        for (var i = 0; i < customerCount; i++)
        {
            for (var k = 0; k < ActivitiesPerCustomer; k++)
            {
                var roll = rng.NextDouble();
                var type = roll < 0.5 ? "interaction" : roll < 0.8 ? "purchase" : "visit";
                var channel = Channels[rng.Next(Channels.Length)];
                var at = now.AddSeconds(-Math.Floor(730 * 86_400 * rng.NextDouble()));
                decimal? amount = type == "purchase" ? (decimal)Math.Round(20 + (Math.Pow(rng.NextDouble(), 4) * 8000), 2) : null;
                yield return new ActivityRow(i, number++, type, channel, at, amount);
            }
        }
    }

    /// <summary>Every customer's external id, in index order.</summary>
    public List<string> ExternalIds()
    {
        var c = new CustomerRecord();
        var ids = new List<string>(customers);
        for (var i = 0; i < customers; i++)
        {
            generator.Fill(i, c);
            ids.Add(c.ExternalId);
        }

        return ids;
    }

    public static string ActivityExternalId(long number) => "w4-" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the three upload files; returns their paths and sizes.</summary>
    public (string Customers, string Assignments, string Activities) WriteFiles(string dir)
    {
        var paths = (Path.Combine(dir, "w4-customers.ndjson"), Path.Combine(dir, "w4-assignments.ndjson"), Path.Combine(dir, "w4-activities.ndjson"));
        var externalIds = new string[customers];
        var c = new CustomerRecord();
        Write(paths.Item1, json =>
        {
            for (var i = 0; i < customers; i++)
            {
                generator.Fill(i, c);
                externalIds[i] = c.ExternalId;
                json.Line(w => CustomerJson(w, c));
            }
        });
        Write(paths.Item2, json =>
        {
            Span<byte> tags = stackalloc byte[TagCatalog.All.Count];
            for (var i = 0; i < customers; i++)
            {
                foreach (var t in tags[..Tags(i, tags)])
                {
                    json.Line(w =>
                    {
                        w.WriteString("externalId", externalIds[i]);
                        w.WriteString("tag", TagCatalog.All[t].Key);
                        w.WriteString("op", "add");
                    });
                }
            }
        });
        Write(paths.Item3, json =>
        {
            foreach (var a in Activities(customers))
            {
                json.Line(w =>
                {
                    w.WriteString("externalId", ActivityExternalId(a.Number));
                    w.WriteString("customerExternalId", externalIds[a.Customer]);
                    w.WriteString("type", a.Type);
                    w.WriteString("channel", a.Channel);
                    w.WriteString("occurredAt", a.OccurredAt);
                    if (a.Amount is { } amount)
                    {
                        w.WriteNumber("amount", amount);
                    }
                });
            }
        });
        return paths;
    }

    /// <summary>Binary COPY of the activities of the first <paramref name="customerCount"/> customers (ids i + 1).</summary>
    public long CopyActivities(NpgsqlConnection connection, long tenantId, int customerCount)
    {
        using var import = connection.BeginBinaryImport(
            "COPY \"Activities\" (\"TenantId\", \"CustomerId\", \"ExternalId\", \"Type\", \"Channel\", \"OccurredAt\", \"Amount\", \"Properties\", \"RecordedAt\") FROM STDIN (FORMAT BINARY)");
        var now = DateTime.UtcNow;
        long rows = 0;
        foreach (var a in Activities(customerCount))
        {
            import.StartRow();
            import.Write(tenantId, NpgsqlDbType.Bigint);
            import.Write(a.Customer + 1L, NpgsqlDbType.Bigint);
            import.Write(ActivityExternalId(a.Number), NpgsqlDbType.Text);
            import.Write(a.Type, NpgsqlDbType.Text);
            import.Write(a.Channel, NpgsqlDbType.Text);
            import.Write(a.OccurredAt, NpgsqlDbType.TimestampTz);
            if (a.Amount is { } amount)
            {
                import.Write(amount, NpgsqlDbType.Numeric);
            }
            else
            {
                import.WriteNull();
            }

            import.Write("{}", NpgsqlDbType.Text);
            import.Write(now, NpgsqlDbType.TimestampTz);
            rows++;
        }

        import.Complete();
        return rows;
    }

    /// <summary>Binary COPY of the first <paramref name="customerCount"/> customers' tags (customer ids i + 1).</summary>
    public long CopyAssignments(NpgsqlConnection connection, long tenantId, string clientId, long[] tagIdByIndex, int customerCount)
    {
        using var writer = connection.BeginBinaryImport("""
            COPY "TagAssignments" ("CustomerId", "TagId", "TenantId", "Source", "SourceRef", "AssignedAt", "ExpiresAt") FROM STDIN (FORMAT BINARY)
            """);
        Span<byte> tags = stackalloc byte[TagCatalog.All.Count];
        var now = DateTime.UtcNow;
        long rows = 0;
        for (var i = 0; i < customerCount; i++)
        {
            foreach (var t in tags[..Tags(i, tags)])
            {
                writer.StartRow();
                writer.Write(i + 1L, NpgsqlDbType.Bigint);
                writer.Write(tagIdByIndex[t], NpgsqlDbType.Bigint);
                writer.Write(tenantId, NpgsqlDbType.Bigint);
                writer.Write("Import", NpgsqlDbType.Varchar);
                writer.Write(clientId, NpgsqlDbType.Varchar);
                writer.Write(now, NpgsqlDbType.TimestampTz);
                writer.WriteNull();
                rows++;
            }
        }

        writer.Complete();
        return rows;
    }

    private static void CustomerJson(Utf8JsonWriter w, CustomerRecord c)
    {
        w.WriteString("externalId", c.ExternalId);
        w.WriteString("type", c.Type.ToLowerInvariant());
        Optional(w, "name", c.Name);
        Optional(w, "email", c.Email);
        Optional(w, "phone", c.Phone);
        Optional(w, "gender", c.Gender);
        Optional(w, "birthDate", c.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("country", c.Place.Country);
        w.WriteString("region", c.Place.Region);
        w.WriteString("city", c.Place.City);
        Optional(w, "industry", c.Industry);
        w.WriteString("source", c.Source.ToLowerInvariant());
        Optional(w, "sourceDetail", c.SourceDetail);
        w.WriteString("locale", c.Place.Locale);
        w.WritePropertyName("attributes");
        w.WriteRawValue(c.Attributes);
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Write(string path, Action<NdjsonFile> body)
    {
        using var file = new NdjsonFile(path);
        body(file);
    }

    /// <summary>An NDJSON file written one object per line.</summary>
    private sealed class NdjsonFile(string path) : IDisposable
    {
        private static readonly byte[] NewLine = Encoding.ASCII.GetBytes("\n");
        private readonly FileStream _stream = new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        private Utf8JsonWriter? _writer;

        public void Line(Action<Utf8JsonWriter> members)
        {
            _writer ??= new Utf8JsonWriter(_stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            _writer.WriteStartObject();
            members(_writer);
            _writer.WriteEndObject();
            _writer.Flush();
            _writer.Reset();
            _stream.Write(NewLine);
        }

        public void Dispose()
        {
            _writer?.Dispose();
            _stream.Dispose();
        }
    }
}
