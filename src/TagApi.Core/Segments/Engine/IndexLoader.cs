using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Reads a tenant's index state from the database. A full build streams customers, assignments and activities
/// with three plain reads on connections of their own, side by side (no entity tracking, no row-by-row EF
/// materialisation); an update re-reads just the customers that changed.
/// </summary>
public static partial class IndexLoader
{
    private const string CustomerColumns =
        "\"Id\", \"Type\", \"Gender\", \"BirthDate\", \"Country\", \"Region\", \"City\", \"Industry\", \"Source\", \"Locale\", \"CreatedAt\", " +
        "\"TotalSpent\", \"OrderCount\", \"FirstOrderAt\", \"LastOrderAt\", \"LastActivityAt\", \"Attributes\", \"Version\"";

    public static async Task<TagCatalog> LoadCatalogAsync(TagApiDbContext db, CancellationToken ct)
    {
        var tags = await db.Tags.AsNoTracking().Select(t => new IndexedTag(t.Id, t.Key, t.CategoryId, t.ParentId)).ToListAsync(ct);
        var aliases = await db.TagAliases.AsNoTracking().ToDictionaryAsync(a => a.Key, a => a.TagId, ct);
        var categories = await db.TagCategories.AsNoTracking().Select(c => new { c.Key, c.Id, c.Exclusive }).ToListAsync(ct);
        return new TagCatalog(tags, aliases, categories.ToDictionary(c => c.Key, c => c.Id), categories.Where(c => c.Exclusive).Select(c => c.Id));
    }

    /// <summary>
    /// The current state of some customers; ids absent from the result no longer exist. Timelines
    /// are re-read only for <paramref name="withActivities"/>; the others keep the indexed one.
    /// </summary>
    public static async Task<List<IndexedCustomer>> LoadCustomersAsync(
        TagApiDbContext db, IReadOnlyCollection<long> ids, IReadOnlyCollection<long> withActivities, ActivityVocabulary vocabulary, CancellationToken ct)
    {
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        var tags = await db.TagAssignments.AsNoTracking().Where(a => ids.Contains(a.CustomerId)).Select(a => new { a.CustomerId, a.TagId, a.Source }).ToListAsync(ct);
        var byCustomer = tags.ToLookup(t => t.CustomerId, t => t.TagId);
        var byRule = tags.Where(t => t.Source == TagSource.Rule).ToLookup(t => t.CustomerId, t => t.TagId);
        var timelines = withActivities.Count == 0 ? [] : await ActivityReader.ReadCustomersAsync(db, withActivities, vocabulary, ct);
        return customers.Select(c => new IndexedCustomer(
            CustomerRow.From(c), byCustomer[c.Id].ToHashSet(),
            withActivities.Contains(c.Id) ? timelines.GetValueOrDefault(c.Id, ActivityTimeline.Empty) : null,
            byRule[c.Id].ToHashSet())).ToList();
    }

    internal static void AddTenant(DbCommand command, long tenantId)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@tenant";
        parameter.Value = tenantId;
        command.Parameters.Add(parameter);
    }

    internal static CustomerRow ReadRow(DbDataReader r) => new(
        r.GetInt64(0), Enum.Parse<CustomerType>(r.GetString(1)), Text(r, 2), r.IsDBNull(3) ? null : r.GetFieldValue<DateOnly>(3),
        Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7), r.IsDBNull(8) ? null : Enum.Parse<CustomerSource>(r.GetString(8)), Text(r, 9),
        Time(r, 10)!.Value, Convert.ToDecimal(r.GetValue(11), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(12), System.Globalization.CultureInfo.InvariantCulture),
        Time(r, 13), Time(r, 14), Time(r, 15), CustomerRow.ParseAttributes(r.GetString(16)))
    {
        Version = r.GetInt64(17),
    };

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTime? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc);
}
