using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TagApi.Core.Data;

namespace TagApi.Core.Segments.Engine;

/// <summary>Reads activities into timelines: a few customers' here; a tenant's whole stream with its index build.</summary>
internal static class ActivityReader
{
    private const string Columns = "\"CustomerId\", \"Id\", \"Type\", \"Channel\", \"OccurredAt\", \"Amount\"";

    /// <summary>A tenant's whole stream, grouped by customer (columns as <see cref="Point"/> reads them).</summary>
    public const string AllQuery = $"SELECT {Columns} FROM \"Activities\" WHERE \"TenantId\" = @tenant ORDER BY \"CustomerId\"";

    public static async Task<Dictionary<long, ActivityTimeline>> ReadCustomersAsync(
        TagApiDbContext db, IReadOnlyCollection<long> customerIds, ActivityVocabulary vocabulary, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var result = new Dictionary<long, ActivityTimeline>();
            foreach (var chunk in customerIds.Chunk(500))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var names = new List<string>(chunk.Length);
                foreach (var id in chunk)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@c" + names.Count.ToString(CultureInfo.InvariantCulture);
                    parameter.Value = id;
                    command.Parameters.Add(parameter);
                    names.Add(parameter.ParameterName);
                }

                IndexLoader.AddTenant(command, db.Tenant.RequiredTenantId);
                command.CommandText = $"SELECT {Columns} FROM \"Activities\" WHERE \"TenantId\" = @tenant AND \"CustomerId\" IN ({string.Join(", ", names)}) ORDER BY \"CustomerId\"";
                foreach (var (customerId, timeline) in await ReadAsync(command, vocabulary, ct))
                {
                    result[customerId] = timeline;
                }
            }

            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The activity of the reader's current row (customer id in column 0).</summary>
    public static ActivityPoint Point(DbDataReader reader, ActivityVocabulary vocabulary)
    {
        var amount = reader.IsDBNull(5) ? (decimal?)null : Convert.ToDecimal(reader.GetValue(5), CultureInfo.InvariantCulture);
        return new ActivityPoint(
            DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc).Ticks, reader.GetInt64(1), ActivityPoint.ToUnits(amount),
            vocabulary.InternType(reader.GetString(2)), vocabulary.InternChannel(reader.IsDBNull(3) ? null : reader.GetString(3)));
    }

    // Rows arrive grouped by customer; each group becomes one timeline.
    private static async Task<Dictionary<long, ActivityTimeline>> ReadAsync(DbCommand command, ActivityVocabulary vocabulary, CancellationToken ct)
    {
        var result = new Dictionary<long, ActivityTimeline>();
        var points = new List<ActivityPoint>();
        long current = -1;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var customerId = reader.GetInt64(0);
            if (customerId != current && points.Count > 0)
            {
                result[current] = ActivityTimeline.From(points);
                points.Clear();
            }

            current = customerId;
            points.Add(Point(reader, vocabulary));
        }

        if (points.Count > 0)
        {
            result[current] = ActivityTimeline.From(points);
        }

        return result;
    }
}
