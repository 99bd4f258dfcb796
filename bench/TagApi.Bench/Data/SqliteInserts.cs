using Microsoft.Data.Sqlite;

namespace TagApi.Bench.Data;

/// <summary>A prepared INSERT into "Customers" with one parameter per column, reused for every row.</summary>
internal sealed class CustomerInsert : IDisposable
{
    private static readonly string[] Columns =
    [
        "Id", "TenantId", "ExternalId", "Type", "Name", "Email", "Phone", "Gender", "BirthDate", "Country", "Region", "City",
        "Industry", "Source", "SourceDetail", "Locale", "Attributes", "TotalSpent", "OrderCount", "FirstOrderAt", "LastOrderAt",
        "LastActivityAt", "Version", "CreatedAt", "UpdatedAt",
    ];

    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _p;

    public CustomerInsert(SqliteConnection connection, SqliteTransaction transaction, long tenantId)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = $"INSERT INTO \"Customers\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => $"$p{i}"))})";
        _p = [.. Columns.Select((_, i) => _command.Parameters.Add(new SqliteParameter($"$p{i}", null)))];
        _p[1].Value = tenantId;
        _p[22].Value = 1L;
        _command.Prepare();
    }

    public void Run(CustomerRecord c)
    {
        _p[0].Value = c.Id;
        _p[2].Value = c.ExternalId;
        _p[3].Value = c.Type;
        _p[4].Value = Db(c.Name);
        _p[5].Value = Db(c.Email);
        _p[6].Value = Db(c.Phone);
        _p[7].Value = Db(c.Gender);
        _p[8].Value = c.BirthDate is { } b ? b : DBNull.Value;
        _p[9].Value = c.Place.Country;
        _p[10].Value = c.Place.Region;
        _p[11].Value = c.Place.City;
        _p[12].Value = Db(c.Industry);
        _p[13].Value = c.Source;
        _p[14].Value = Db(c.SourceDetail);
        _p[15].Value = c.Place.Locale;
        _p[16].Value = c.Attributes;
        // TagApi keeps money as REAL on SQLite (see SqliteTagApiDbContext).
        _p[17].Value = (double)c.TotalSpent;
        _p[18].Value = c.OrderCount;
        _p[19].Value = Db(c.FirstOrderAt);
        _p[20].Value = Db(c.LastOrderAt);
        _p[21].Value = Db(c.LastActivityAt);
        _p[23].Value = c.CreatedAt;
        _p[24].Value = c.UpdatedAt;
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    private static object Db(string? value) => value is null ? DBNull.Value : value;

    private static object Db(DateTime? value) => value is { } v ? v : DBNull.Value;
}

/// <summary>A prepared INSERT into "TagAssignments", reused for every row.</summary>
internal sealed class AssignmentInsert : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter _customer, _tag, _source, _assignedAt;

    public AssignmentInsert(SqliteConnection connection, SqliteTransaction transaction, long tenantId, string clientId)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = """
            INSERT INTO "TagAssignments" ("CustomerId", "TagId", "TenantId", "Source", "SourceRef", "AssignedAt", "ExpiresAt")
            VALUES ($customer, $tag, $tenant, $source, $sourceRef, $assignedAt, NULL)
            """;
        _customer = _command.Parameters.Add(new SqliteParameter("$customer", null));
        _tag = _command.Parameters.Add(new SqliteParameter("$tag", null));
        _command.Parameters.AddWithValue("$tenant", tenantId);
        _source = _command.Parameters.Add(new SqliteParameter("$source", null));
        _command.Parameters.AddWithValue("$sourceRef", clientId);
        _assignedAt = _command.Parameters.Add(new SqliteParameter("$assignedAt", null));
        _command.Prepare();
    }

    public void Run(long customerId, long tagId, string source, DateTime assignedAt)
    {
        _customer.Value = customerId;
        _tag.Value = tagId;
        _source.Value = source;
        _assignedAt.Value = assignedAt;
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
