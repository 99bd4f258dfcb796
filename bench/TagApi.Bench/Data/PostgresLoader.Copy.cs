using Npgsql;
using NpgsqlTypes;

namespace TagApi.Bench.Data;

public sealed partial class PostgresLoader
{
    private const string CustomerColumns = """
        "Id", "TenantId", "ExternalId", "Type", "Name", "Email", "Phone", "Gender", "BirthDate",
        "Country", "Region", "City", "Industry", "Source", "SourceDetail", "Locale", "Attributes",
        "TotalSpent", "OrderCount", "FirstOrderAt", "LastOrderAt", "LastActivityAt", "Version", "CreatedAt", "UpdatedAt"
        """;

    internal void CopyCustomers(NpgsqlConnection connection, long tenantId, int customers, DateTime[] createdAt)
    {
        using var writer = connection.BeginBinaryImport($"COPY \"Customers\" ({CustomerColumns}) FROM STDIN (FORMAT BINARY)");
        var c = new CustomerRecord();
        for (var i = 0; i < customers; i++)
        {
            generator.Fill(i, c);
            createdAt[i] = c.CreatedAt;
            writer.StartRow();
            writer.Write(c.Id, NpgsqlDbType.Bigint);
            writer.Write(tenantId, NpgsqlDbType.Bigint);
            writer.Write(c.ExternalId, NpgsqlDbType.Varchar);
            writer.Write(c.Type, NpgsqlDbType.Varchar);
            Text(writer, c.Name);
            Text(writer, c.Email);
            Text(writer, c.Phone);
            Text(writer, c.Gender);
            if (c.BirthDate is { } birthDate)
            {
                writer.Write(birthDate, NpgsqlDbType.Date);
            }
            else
            {
                writer.WriteNull();
            }

            writer.Write(c.Place.Country, NpgsqlDbType.Varchar);
            writer.Write(c.Place.Region, NpgsqlDbType.Varchar);
            writer.Write(c.Place.City, NpgsqlDbType.Varchar);
            Text(writer, c.Industry);
            writer.Write(c.Source, NpgsqlDbType.Varchar);
            Text(writer, c.SourceDetail);
            writer.Write(c.Place.Locale, NpgsqlDbType.Varchar);
            writer.Write(c.Attributes, NpgsqlDbType.Jsonb);
            writer.Write(c.TotalSpent, NpgsqlDbType.Numeric);
            writer.Write(c.OrderCount, NpgsqlDbType.Integer);
            Time(writer, c.FirstOrderAt);
            Time(writer, c.LastOrderAt);
            Time(writer, c.LastActivityAt);
            writer.Write(1L, NpgsqlDbType.Bigint);
            writer.Write(c.CreatedAt, NpgsqlDbType.TimestampTz);
            writer.Write(c.UpdatedAt, NpgsqlDbType.TimestampTz);
        }

        writer.Complete();
    }

    private long CopyAssignments(
        NpgsqlConnection connection, long tenantId, string clientId, long[] tagIdByIndex, DateTime[] createdAt, TagMatrix matrix)
    {
        using var writer = connection.BeginBinaryImport("""
            COPY "TagAssignments" ("CustomerId", "TagId", "TenantId", "Source", "SourceRef", "AssignedAt", "ExpiresAt") FROM STDIN (FORMAT BINARY)
            """);
        Span<byte> tags = stackalloc byte[TagCatalog.All.Count];
        long rows = 0;
        for (var i = 0; i < createdAt.Length; i++)
        {
            var count = generator.Tags(i, tags);
            matrix.Append(tags[..count]);
            foreach (var t in tags[..count])
            {
                writer.StartRow();
                writer.Write(i + 1L, NpgsqlDbType.Bigint);
                writer.Write(tagIdByIndex[t], NpgsqlDbType.Bigint);
                writer.Write(tenantId, NpgsqlDbType.Bigint);
                // Mostly tagged by hand through the API, some from an import; never expiring, so the
                // server's expiry sweeper leaves the data alone.
                writer.Write((i * 31 + t) % 100 < 15 ? "Import" : "Manual", NpgsqlDbType.Varchar);
                writer.Write(clientId, NpgsqlDbType.Varchar);
                writer.Write(generator.AssignedAt(i, t, createdAt[i]), NpgsqlDbType.TimestampTz);
                writer.WriteNull();
                rows++;
            }
        }

        writer.Complete();
        return rows;
    }

    private static void Text(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Varchar);
        }
    }

    private static void Time(NpgsqlBinaryImporter writer, DateTime? value)
    {
        if (value is { } v)
        {
            writer.Write(v, NpgsqlDbType.TimestampTz);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
