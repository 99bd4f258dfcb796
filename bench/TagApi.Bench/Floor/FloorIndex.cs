using System.Globalization;
using Npgsql;

namespace TagApi.Bench.Floor;

/// <summary>
/// The physical floor's data: a dense ordinal per customer (its row number when customers are
/// ordered by id), one plain <c>ulong[]</c> bitset per tag over those ordinals, and the two
/// customer columns the workloads filter on, as arrays by ordinal. Nothing clever: this is what
/// any in-memory engine has to touch at the very least.
/// </summary>
public sealed class FloorIndex
{
    private readonly Dictionary<long, ulong[]> _tags = [];

    private FloorIndex(long[] ids)
    {
        Ids = ids;
        Words = (ids.Length + 63) / 64;
        Universe = new ulong[Words];
        for (var i = 0; i < ids.Length; i++)
        {
            Universe[i >> 6] |= 1UL << i;
        }

        Empty = new ulong[Words];
    }

    /// <summary>Customer id by ordinal, ascending.</summary>
    public long[] Ids { get; }

    public int Count => Ids.Length;

    public int Words { get; }

    /// <summary>Every valid ordinal; the last word is partial.</summary>
    public ulong[] Universe { get; }

    /// <summary>Stands in for a tag nobody holds.</summary>
    public ulong[] Empty { get; }

    /// <summary>TotalSpent in cents, by ordinal.</summary>
    public long[] TotalSpentCents { get; private set; } = [];

    /// <summary>LastOrderAt in Unix seconds by ordinal; <see cref="long.MinValue"/> when never ordered.</summary>
    public long[] LastOrderAtSeconds { get; private set; } = [];

    public long Assignments { get; private set; }

    public ulong[] Tag(long tagId) => _tags.GetValueOrDefault(tagId) ?? Empty;

    /// <summary>The ordinal of the first customer whose id is greater than <paramref name="id"/>.</summary>
    public int OrdinalAfter(long id)
    {
        var index = Array.BinarySearch(Ids, id);
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>Streams the tenant's customers and assignments out of PostgreSQL with binary COPY.</summary>
    public static FloorIndex Load(NpgsqlConnection connection, long tenantId)
    {
        var tenant = tenantId.ToString(CultureInfo.InvariantCulture);
        var ids = new List<long>();
        var spent = new List<long>();
        var lastOrder = new List<long>();
        using (var reader = connection.BeginBinaryExport($"""
            COPY (SELECT "Id", round("TotalSpent" * 100)::bigint, extract(epoch FROM "LastOrderAt")::bigint
                  FROM "Customers" WHERE "TenantId" = {tenant} ORDER BY "Id") TO STDOUT (FORMAT BINARY)
            """))
        {
            while (reader.StartRow() != -1)
            {
                ids.Add(reader.Read<long>());
                spent.Add(reader.Read<long>());
                lastOrder.Add(reader.IsNull ? SkipNull(reader) : reader.Read<long>());
            }
        }

        var index = new FloorIndex([.. ids]) { TotalSpentCents = [.. spent], LastOrderAtSeconds = [.. lastOrder] };
        var contiguous = ids.Count == 0 || ids[^1] - ids[0] == ids.Count - 1;
        var first = ids.Count == 0 ? 0 : ids[0];
        using (var reader = connection.BeginBinaryExport($"""
            COPY (SELECT "CustomerId", "TagId" FROM "TagAssignments" WHERE "TenantId" = {tenant}) TO STDOUT (FORMAT BINARY)
            """))
        {
            while (reader.StartRow() != -1)
            {
                var customer = reader.Read<long>();
                var tag = reader.Read<long>();
                var ordinal = contiguous ? (int)(customer - first) : Array.BinarySearch(index.Ids, customer);
                if (!index._tags.TryGetValue(tag, out var bits))
                {
                    bits = index._tags[tag] = new ulong[index.Words];
                }

                bits[ordinal >> 6] |= 1UL << ordinal;
                index.Assignments++;
            }
        }

        return index;
    }

    private static long SkipNull(NpgsqlBinaryExporter reader)
    {
        reader.Skip();
        return long.MinValue;
    }
}
