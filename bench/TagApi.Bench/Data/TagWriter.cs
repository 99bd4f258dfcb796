using System.Data.Common;

namespace TagApi.Bench.Data;

/// <summary>
/// Writes the catalog's tags into "Tags" for one tenant (parents before children) and returns
/// their database ids by key. Plain ADO.NET, so PostgreSQL and SQLite share it.
/// </summary>
public static class TagWriter
{
    private static readonly string[] Palette = ["#E64980", "#4C6EF5", "#12B886", "#FAB005", "#7950F2", "#868E96", "#FD7E14", "#15AABF"];

    public static IReadOnlyDictionary<string, long> Insert(DbConnection connection, long tenantId, DateTime now)
    {
        var categories = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var read = connection.CreateCommand())
        {
            read.CommandText = """SELECT "Key", "Id" FROM "TagCategories" WHERE "TenantId" = @tenant""";
            Add(read, "tenant", tenantId);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                categories[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        using var transaction = connection.BeginTransaction();
        foreach (var tag in TagCatalog.All)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO "Tags" ("TenantId", "Key", "Name", "Description", "Color", "CategoryId", "ParentId", "RuleOwned", "ArchivedAt", "CreatedAt", "UpdatedAt")
                VALUES (@tenant, @key, @name, @description, @color, @category, @parent, @ruleOwned, NULL, @now, @now)
                RETURNING "Id"
                """;
            Add(insert, "tenant", tenantId);
            Add(insert, "key", tag.Key);
            Add(insert, "name", tag.Name);
            Add(insert, "description", $"Benchmark tag held by about {tag.Density:0.##%} of customers.");
            Add(insert, "color", Palette[tag.Index % Palette.Length]);
            Add(insert, "category", categories[tag.Category]);
            Add(insert, "parent", tag.Parent is null ? DBNull.Value : ids[tag.Parent]);
            Add(insert, "ruleOwned", false);
            Add(insert, "now", now);
            ids[tag.Key] = Convert.ToInt64(insert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        transaction.Commit();
        return ids;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
