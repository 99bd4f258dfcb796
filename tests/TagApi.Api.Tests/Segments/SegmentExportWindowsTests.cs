using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Features.Segments;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments;

namespace TagApi.Api.Tests.Segments;

/// <summary>
/// The export's reads with windows far smaller than a segment (the endpoint's window holds these tests' customers
/// whole): dense windows read as key ranges and filtered, sparse ones by key, and a customer deleted behind the
/// index's back left out — every line as the serializer would write it.
/// </summary>
public abstract class SegmentExportWindowsTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private const int Customers = 120;

    // Values that need escaping in JSON or quoting in CSV beside the plain ones every other customer has.
    private static string Email(int i) => i % 17 == 5 ? $"o'neil+{i}<x>@exämple.com" : $"c{i}@example.com";

    private static string ExternalId(int i) => i % 23 == 7 ? $"c{i:D3},\"q\"" : $"c{i:D3}";

    [Fact]
    public async Task Windows_of_every_density_export_what_the_endpoint_and_the_serializer_give()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("half");
        await api.CreateTagAsync("tenth");
        var ids = new List<string>();
        for (var i = 0; i < Customers; i++)
        {
            var id = (await api.PostAsync("/v1/customers", new { externalId = ExternalId(i), email = Email(i) }, HttpStatusCode.Created)).Str("id");
            ids.Add(id);
            var tags = new[] { i % 2 == 0 ? "half" : null, i % 10 == 3 ? "tenth" : null }.OfType<string>().ToArray();
            if (tags.Length > 0)
            {
                await api.ChangeTagsAsync(id, add: tags);
            }
        }

        foreach (var (key, query) in new[] { ("everyone", "true"), ("half", "tag = 'half'"), ("tenth", "tag = 'tenth'") })
        {
            await api.PostAsync("/v1/segments", new { key, name = key, query }, HttpStatusCode.Created);
        }

        // Removed from the table alone: the index still names it (in a dense and a sparse segment), the export must not.
        const int gone = 113;
        await Factory.InTenantAsync(api.TenantId, sp =>
        {
            PublicId.TryDecode(IdPrefixes.Customer, ids[gone], out var internalId);
            return sp.GetRequiredService<TagApiDbContext>().Customers.Where(c => c.Id == internalId).ExecuteDeleteAsync();
        });

        foreach (var (key, members) in new[]
        {
            ("everyone", Enumerable.Range(0, Customers)),
            ("half", Enumerable.Range(0, Customers).Where(i => i % 2 == 0)),
            ("tenth", Enumerable.Range(0, Customers).Where(i => i % 10 == 3)),
        })
        {
            var expected = members.Where(i => i != gone).ToList();
            foreach (var csv in new[] { false, true })
            {
                var windowed = await ExportAsync(api.TenantId, key, csv, window: 7);
                Assert.Equal(Expected(expected, ids, csv), windowed);
                var endpoint = await api.Http.GetStringAsync($"/v1/segments/{key}/export?format={(csv ? "csv" : "ndjson")}");
                Assert.Equal(windowed, endpoint[(csv ? "id,externalId,email\n".Length : 0)..]);
            }
        }
    }

    // What the serializer writes for each member (NDJSON), or the CSV the export documents.
    private static string Expected(List<int> members, List<string> ids, bool csv)
    {
        var text = new StringBuilder();
        foreach (var i in members)
        {
            if (csv)
            {
                var external = ExternalId(i).Contains(',', StringComparison.Ordinal) ? $"\"{ExternalId(i).Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : ExternalId(i);
                text.Append(ids[i]).Append(',').Append(external).Append(',').Append(Email(i)).Append('\n');
            }
            else
            {
                text.Append(JsonSerializer.Serialize(new JsonObject { ["id"] = ids[i], ["externalId"] = ExternalId(i), ["email"] = Email(i) })).Append('\n');
            }
        }

        return text.ToString();
    }

    private Task<string> ExportAsync(long tenantId, string key, bool csv, int window) =>
        Factory.InTenantAsync(tenantId, async sp =>
        {
            var evaluation = sp.GetRequiredService<SegmentEvaluation>();
            using var body = new MemoryStream();
            var export = new SegmentExport(sp.GetRequiredService<TagApiDbContext>(), body, new ExportLines(csv, true, true), window);
            await export.RunAsync(evaluation, await evaluation.SavedQueryAsync(key, CancellationToken.None), CancellationToken.None);
            return Encoding.UTF8.GetString(body.ToArray());
        });
}

public sealed class SegmentExportWindowsOnSqlite(SqliteTagApiFactory factory) : SegmentExportWindowsTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class SegmentExportWindowsOnPostgres(PostgresTagApiFactory factory) : SegmentExportWindowsTests(factory), IClassFixture<PostgresTagApiFactory>;

public sealed class ExportTextTests
{
    [Fact]
    public void Plain_characters_are_the_ones_the_serializer_leaves_as_they_are()
    {
        foreach (var c in ExportText.PlainCharacters)
        {
            Assert.Equal(c.ToString(), JsonEncodedText.Encode(c.ToString()).Value);
        }

        Assert.False(ExportText.IsPlain("a+b@example.com"));
        Assert.False(ExportText.IsPlain("é@example.com"));
        Assert.True(ExportText.IsPlain("a.b-c_d@example.com"));
    }
}

