using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using TagApi.Core.Common;

namespace TagApi.Bench.Peers;

/// <summary>
/// W6's floor: a minimal ASP.NET Core endpoint answering <c>GET /customers/{id}</c> with the same
/// JSON as TagApi's <c>GET /v1/customers/{id}</c> (the customer and its tag keys) from one
/// hand-written SQL statement over raw Npgsql: no auth, no tenant resolution, no rate limit, no EF.
/// Run as <c>TagApi.Bench serve-raw-reads --pg … --tenant … --port …</c> in its own process.
/// </summary>
public static class RawReadsEndpoint
{
    public const string Command = "serve-raw-reads";

    private const string Sql = """
        SELECT c."ExternalId", c."Type", c."Name", c."Email", c."Phone", c."Gender", c."BirthDate", c."Country", c."Region", c."City",
               c."Industry", c."Source", c."SourceDetail", c."Locale", c."Attributes"::text, c."TotalSpent", c."OrderCount",
               c."FirstOrderAt", c."LastOrderAt", c."LastActivityAt", c."Version", c."CreatedAt", c."UpdatedAt",
               ARRAY(SELECT t."Key" FROM "TagAssignments" a JOIN "Tags" t ON t."Id" = a."TagId"
                     WHERE a."TenantId" = c."TenantId" AND a."CustomerId" = c."Id" AND (a."ExpiresAt" IS NULL OR a."ExpiresAt" > now()) ORDER BY a."TagId")
        FROM "Customers" c WHERE c."Id" = $1 AND c."TenantId" = $2
        """;

    private static readonly string[] Names =
    [
        "externalId", "type", "name", "email", "phone", "gender", "birthDate", "country", "region", "city", "industry", "source", "sourceDetail", "locale",
    ];

    public static int Serve(string[] args)
    {
        var host = new PeerHost(args);
        var tenantId = host.TenantId;
        var builder = host.CreateBuilder();
        using var source = NpgsqlDataSource.Create(host.Option("--pg"));
        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/customers/{id}", (HttpContext http, string id) => ReadAsync(http, source, tenantId, id));
        app.Run();
        return 0;
    }

    private static async Task ReadAsync(HttpContext http, NpgsqlDataSource source, long tenantId, string id)
    {
        if (!PublicId.TryDecode(IdPrefixes.Customer, id, out var key))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using var command = source.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
        await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
        if (!await reader.ReadAsync(http.RequestAborted))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        await using (var json = new Utf8JsonWriter(http.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            for (var i = 0; i < Names.Length; i++)
            {
                WriteValue(json, Names[i], reader, i);
            }

            json.WritePropertyName("attributes");
            json.WriteRawValue(reader.GetString(14), skipInputValidation: true);
            json.WriteStartObject("metrics");
            json.WriteNumber("totalSpent", reader.GetDecimal(15));
            json.WriteNumber("orderCount", reader.GetInt32(16));
            WriteValue(json, "firstOrderAt", reader, 17);
            WriteValue(json, "lastOrderAt", reader, 18);
            WriteValue(json, "lastActivityAt", reader, 19);
            json.WriteEndObject();
            json.WriteStartArray("tags");
            foreach (var tag in reader.GetFieldValue<string[]>(23))
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteNumber("version", reader.GetInt64(20));
            json.WriteString("createdAt", reader.GetDateTime(21));
            json.WriteString("updatedAt", reader.GetDateTime(22));
            json.WriteEndObject();
        }

        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }

    private static void WriteValue(Utf8JsonWriter json, string name, NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            json.WriteNull(name);
            return;
        }

        switch (reader.GetValue(ordinal))
        {
            case DateTime time:
                json.WriteString(name, time);
                break;
            case DateOnly date:
                json.WriteString(name, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                break;
            case var other:
                json.WriteString(name, Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
