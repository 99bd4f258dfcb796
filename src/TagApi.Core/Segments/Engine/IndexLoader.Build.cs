using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Segments.Engine;

/// <summary>The full build of a tenant's index.</summary>
public static partial class IndexLoader
{
    public static async Task<TenantIndex> BuildAsync(IServiceScopeFactory scopes, long tenantId, CancellationToken ct)
    {
        var phases = new List<IndexBuildPhase>();
        // The three reads go side by side, each on a connection of its own: the database scans while this process
        // decodes, and the slowest read (usually the assignments) sets the time rather than their sum.
        var vocabulary = new ActivityVocabulary();
        var catalog = ReadAsync(scopes, tenantId, "catalog", phases, (db, _) => LoadCatalogAsync(db, ct), c => c.Tags.Count);
        var assignments = ReadAsync(scopes, tenantId, "assignments", phases, (_, connection) => ReadAssignmentsAsync(connection, tenantId, ct), a => a.Rows);
        var activities = ReadAsync(scopes, tenantId, "activities", phases, (_, connection) => ActivityReader.ReadAllAsync(connection, tenantId, vocabulary, ct), a => a.Count);
        var customers = ReadAsync(scopes, tenantId, "customers", phases, (_, connection) => ReadCustomersAsync(connection, tenantId, ct), c => c.Count);
        await Task.WhenAll(catalog, assignments, activities, customers);

        var clock = Stopwatch.StartNew();
        var (all, byRule, _) = await assignments;
        var timelines = await activities;
        var rows = await customers;
        var index = new TenantIndex(await catalog, vocabulary, rows.Select(row => new IndexedCustomer(
            row, all.TryGetValue(row.Id, out var tags) ? tags : [], timelines.GetValueOrDefault(row.Id, ActivityTimeline.Empty), byRule.GetValueOrDefault(row.Id))));
        lock (phases)
        {
            phases.Add(new IndexBuildPhase("index", rows.Count, clock.Elapsed.TotalSeconds));
        }

        index.BuildPhases = phases;
        return index;
    }

    private static async Task<T> ReadAsync<T>(
        IServiceScopeFactory scopes, long tenantId, string phase, List<IndexBuildPhase> phases, Func<TagApiDbContext, DbConnection, Task<T>> read, Func<T, long> rows)
    {
        var clock = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "system:index");
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        await db.Database.OpenConnectionAsync();
        try
        {
            var result = await read(db, db.Database.GetDbConnection());
            lock (phases)
            {
                phases.Add(new IndexBuildPhase(phase, rows(result), clock.Elapsed.TotalSeconds));
            }

            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<CustomerRow>> ReadCustomersAsync(DbConnection connection, long tenantId, CancellationToken ct)
    {
        var rows = new List<CustomerRow>();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CustomerColumns} FROM \"Customers\" WHERE \"TenantId\" = @tenant ORDER BY \"Id\"";
        AddTenant(command, tenantId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(ReadRow(reader));
        }

        return rows;
    }

    // Every holding, and apart the ones a rule made (analytics splits holders by rule and by hand from the index).
    private static async Task<(Dictionary<long, List<long>> All, Dictionary<long, List<long>> ByRule, long Rows)> ReadAssignmentsAsync(
        DbConnection connection, long tenantId, CancellationToken ct)
    {
        var all = new Dictionary<long, List<long>>();
        var byRule = new Dictionary<long, List<long>>();
        long count = 0;
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"CustomerId\", \"TagId\", \"Source\" FROM \"TagAssignments\" WHERE \"TenantId\" = @tenant";
        AddTenant(command, tenantId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rule = nameof(TagSource.Rule);
        while (await reader.ReadAsync(ct))
        {
            count++;
            var customerId = reader.GetInt64(0);
            var tagId = reader.GetInt64(1);
            Holdings(all, customerId).Add(tagId);
            if (string.Equals(reader.GetString(2), rule, StringComparison.Ordinal))
            {
                Holdings(byRule, customerId).Add(tagId);
            }
        }

        return (all, byRule, count);
    }

    private static List<long> Holdings(Dictionary<long, List<long>> byCustomer, long customerId)
    {
        if (!byCustomer.TryGetValue(customerId, out var list))
        {
            list = new List<long>(4);
            byCustomer[customerId] = list;
        }

        return list;
    }
}
