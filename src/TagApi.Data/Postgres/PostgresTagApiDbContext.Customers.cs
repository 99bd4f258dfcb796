using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TagApi.Core.Customers;

namespace TagApi.Data.Postgres;

/// <summary>A bulk import's customers, written around the change tracker: binary COPY for new ones, one UPDATE for the rest.</summary>
public sealed partial class PostgresTagApiDbContext
{
    protected override bool WritesCustomersInBulk => true;

    /// <summary>
    /// New customers take their ids from the identity's sequence first (the events and the index need them, and COPY
    /// hands none back), then go straight into the indexed table by binary COPY: a duplicate external id is a lost race
    /// that fails the COPY as a unique violation. Updated ones go as one UPDATE over unnested arrays joined on the id and
    /// the expected version; fewer rows than sent means another writer moved one meanwhile. Arrays rather than a COPY into
    /// a temporary table: one round trip and no catalog churn per chunk.
    /// </summary>
    protected override Task WriteCustomersAsync(IReadOnlyList<Customer> created, IReadOnlyList<(Customer Customer, long ExpectedVersion)> updated, CancellationToken ct) =>
        OnConnectionAsync(async connection =>
        {
            try
            {
                if (created.Count > 0)
                {
                    await TakeIdsAsync(connection, "Customers", created, (c, id) => c.Id = id, ct);
                    await CopyCustomersAsync(connection, created, ct);
                }

                if (updated.Count > 0)
                {
                    await UpdateCustomersAsync(connection, TenantParameter(), updated, ct);
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new DbUpdateException("A customer with the same external id was written meanwhile.", e);
            }

            return true;
        }, ct);

    /// <summary>
    /// One probe of the unique (tenant, external id) index per id, in one round trip: the LATERAL subquery with its LIMIT
    /// is planned on its own, where that index is the only sensible path. The plain <c>"ExternalId" = ANY($2)</c> it
    /// replaces got, while an import fills a table that has no statistics yet, a cached plan that read every row of the
    /// tenant and compared it with each id of the chunk — each chunk slower than the one before.
    /// </summary>
    protected override Task<List<Customer>> ReadCustomersByExternalIdAsync(IReadOnlyList<string> externalIds, CancellationToken ct) =>
        OnConnectionAsync(async connection =>
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT c."Id", c."ExternalId", c."Type", c."Name", c."Email", c."Phone", c."Gender", c."BirthDate", c."Country", c."Region",
                    c."City", c."Industry", c."Source", c."SourceDetail", c."Locale", c."Attributes", c."Version", c."CreatedAt", c."UpdatedAt"
                FROM unnest($2) AS x(external_id)
                CROSS JOIN LATERAL (SELECT * FROM "Customers" AS c WHERE c."TenantId" = $1 AND c."ExternalId" = x.external_id LIMIT 1) AS c
                """, connection);
            command.Parameters.Add(TenantParameter());
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. externalIds] });
            var customers = new List<Customer>(externalIds.Count);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                customers.Add(ReadCustomer(reader));
            }

            return customers;
        }, ct);

    private Customer ReadCustomer(NpgsqlDataReader reader)
    {
        string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
        return new Customer
        {
            Id = reader.GetInt64(0),
            TenantId = Tenant.RequiredTenantId,
            ExternalId = reader.GetString(1),
            Type = Enum.Parse<CustomerType>(reader.GetString(2)),
            Name = Text(3),
            Email = Text(4),
            Phone = Text(5),
            Gender = Text(6),
            BirthDate = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7),
            Country = Text(8),
            Region = Text(9),
            City = Text(10),
            Industry = Text(11),
            Source = reader.IsDBNull(12) ? null : Enum.Parse<CustomerSource>(reader.GetString(12)),
            SourceDetail = Text(13),
            Locale = Text(14),
            Attributes = reader.GetString(15),
            Version = reader.GetInt64(16),
            CreatedAt = reader.GetDateTime(17),
            UpdatedAt = reader.GetDateTime(18),
        };
    }

    private Task<bool> CopyCustomersAsync(NpgsqlConnection connection, IReadOnlyList<Customer> customers, CancellationToken ct)
    {
        var tenantId = Tenant.RequiredTenantId;
        return CopyAsync(connection,
            """
            COPY "Customers" ("Id", "TenantId", "ExternalId", "Type", "Name", "Email", "Phone", "Gender", "BirthDate", "Country", "Region",
                "City", "Industry", "Source", "SourceDetail", "Locale", "Attributes", "TotalSpent", "OrderCount", "Version", "CreatedAt", "UpdatedAt")
            FROM STDIN (FORMAT BINARY)
            """,
            customers, (import, c) =>
            {
                import.Write(c.Id, NpgsqlDbType.Bigint);
                import.Write(tenantId, NpgsqlDbType.Bigint);
                import.Write(c.ExternalId, NpgsqlDbType.Text);
                import.Write(c.Type.ToString(), NpgsqlDbType.Text);
                WriteNullable(import, c.Name);
                WriteNullable(import, c.Email);
                WriteNullable(import, c.Phone);
                WriteNullable(import, c.Gender);
                WriteNullable(import, c.BirthDate, NpgsqlDbType.Date);
                WriteNullable(import, c.Country);
                WriteNullable(import, c.Region);
                WriteNullable(import, c.City);
                WriteNullable(import, c.Industry);
                WriteNullable(import, c.Source?.ToString());
                WriteNullable(import, c.SourceDetail);
                WriteNullable(import, c.Locale);
                import.Write(c.Attributes, NpgsqlDbType.Jsonb);
                import.Write(c.Metrics.TotalSpent, NpgsqlDbType.Numeric);
                import.Write(c.Metrics.OrderCount, NpgsqlDbType.Integer);
                import.Write(c.Version, NpgsqlDbType.Bigint);
                import.Write(Utc(c.CreatedAt), NpgsqlDbType.TimestampTz);
                import.Write(Utc(c.UpdatedAt), NpgsqlDbType.TimestampTz);
            }, ct);
    }

    private static async Task UpdateCustomersAsync(NpgsqlConnection connection, NpgsqlParameter tenant, IReadOnlyList<(Customer Customer, long ExpectedVersion)> rows, CancellationToken ct)
    {
        var birthDates = Array(rows, r => r.Customer.BirthDate);
        birthDates.NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date;
        var updatedAt = Timestamps(rows, r => r.Customer.UpdatedAt);
        await using var command = new NpgsqlCommand(
            """
            UPDATE "Customers" AS c SET "ExternalId" = u.external_id, "Type" = u.type, "Name" = u.name, "Email" = u.email, "Phone" = u.phone,
                "Gender" = u.gender, "BirthDate" = u.birth_date, "Country" = u.country, "Region" = u.region, "City" = u.city,
                "Industry" = u.industry, "Source" = u.source, "SourceDetail" = u.source_detail, "Locale" = u.locale,
                "Attributes" = u.attributes::jsonb, "Version" = u.version, "UpdatedAt" = u.updated_at
            FROM unnest($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
                AS u(id, expected, external_id, type, name, email, phone, gender, birth_date, country, region, city, industry, source,
                     source_detail, locale, attributes, version, updated_at)
            WHERE c."TenantId" = $1 AND c."Id" = u.id AND c."Version" = u.expected
            """, connection);
        command.Parameters.Add(tenant);
        command.Parameters.Add(Array(rows, r => r.Customer.Id));
        command.Parameters.Add(Array(rows, r => r.ExpectedVersion));
        command.Parameters.Add(Array(rows, r => r.Customer.ExternalId));
        command.Parameters.Add(Array(rows, r => r.Customer.Type.ToString()));
        command.Parameters.Add(Array(rows, r => r.Customer.Name));
        command.Parameters.Add(Array(rows, r => r.Customer.Email));
        command.Parameters.Add(Array(rows, r => r.Customer.Phone));
        command.Parameters.Add(Array(rows, r => r.Customer.Gender));
        command.Parameters.Add(birthDates);
        command.Parameters.Add(Array(rows, r => r.Customer.Country));
        command.Parameters.Add(Array(rows, r => r.Customer.Region));
        command.Parameters.Add(Array(rows, r => r.Customer.City));
        command.Parameters.Add(Array(rows, r => r.Customer.Industry));
        command.Parameters.Add(Array(rows, r => r.Customer.Source?.ToString()));
        command.Parameters.Add(Array(rows, r => r.Customer.SourceDetail));
        command.Parameters.Add(Array(rows, r => r.Customer.Locale));
        command.Parameters.Add(Array(rows, r => r.Customer.Attributes));
        command.Parameters.Add(Array(rows, r => r.Customer.Version));
        command.Parameters.Add(updatedAt);
        if (await command.ExecuteNonQueryAsync(ct) != rows.Count)
        {
            throw new DbUpdateConcurrencyException("A customer changed meanwhile; the chunk runs again.");
        }
    }
}
