using TagApi.Core.Customers;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Segments.Snapshots;

/// <summary>The customers' rows in a snapshot file, field by field, holes of deleted customers included.</summary>
internal static class SnapshotRows
{
    private const long NoMoment = long.MinValue;

    public static void Write(BinaryWriter writer, SnapshotValueWriter values, ChunkedView<CustomerRow?> rows)
    {
        writer.Write(rows.Count);
        for (var ordinal = 0; ordinal < rows.Count; ordinal++)
        {
            var row = rows[ordinal];
            writer.Write(row is not null);
            if (row is null)
            {
                continue;
            }

            writer.Write(row.Id);
            writer.Write((byte)row.Type);
            writer.Write((sbyte)(row.Source is { } source ? (int)source : -1));
            writer.Write(row.BirthDate?.DayNumber ?? -1);
            values.String(row.Gender);
            values.String(row.Country);
            values.String(row.Region);
            values.String(row.City);
            values.String(row.Industry);
            values.String(row.Locale);
            writer.Write(row.CreatedAt.ToBinary());
            writer.Write(row.TotalSpent);
            writer.Write(row.OrderCount);
            writer.Write(row.FirstOrderAt?.ToBinary() ?? NoMoment);
            writer.Write(row.LastOrderAt?.ToBinary() ?? NoMoment);
            writer.Write(row.LastActivityAt?.ToBinary() ?? NoMoment);
            values.Attributes(row.Attributes);
            writer.Write(row.Version);
            writer.Write7BitEncodedInt(row.Activities.Count);
            SnapshotBinary.WriteSpan(writer, row.Activities.Points);
        }
    }

    public static ChunkedArray<CustomerRow?> Read(BinaryReader reader, SnapshotValueReader values)
    {
        var count = reader.ReadInt32();
        SnapshotFormatException.ThrowIf(count < 0, "row count");
        var rows = new ChunkedArray<CustomerRow?>();
        for (var ordinal = 0; ordinal < count; ordinal++)
        {
            rows.Append(reader.ReadBoolean() ? ReadRow(reader, values) : null);
        }

        return rows;
    }

    private static CustomerRow ReadRow(BinaryReader reader, SnapshotValueReader values)
    {
        var id = reader.ReadInt64();
        var type = (CustomerType)reader.ReadByte();
        var source = reader.ReadSByte();
        var birthDay = reader.ReadInt32();
        var (gender, country, region, city, industry, locale) = (values.String(), values.String(), values.String(), values.String(), values.String(), values.String());
        var createdAt = DateTime.FromBinary(reader.ReadInt64());
        var totalSpent = reader.ReadDecimal();
        var orderCount = reader.ReadInt32();
        var (firstOrderAt, lastOrderAt, lastActivityAt) = (Moment(reader), Moment(reader), Moment(reader));
        var attributes = values.Attributes();
        var version = reader.ReadInt64();
        var points = new ActivityPoint[reader.Read7BitEncodedInt()];
        SnapshotBinary.ReadSpan(reader, points.AsSpan());
        return new CustomerRow(
            id, type, gender, birthDay < 0 ? null : DateOnly.FromDayNumber(birthDay), country, region, city, industry,
            source < 0 ? null : (CustomerSource)source, locale, createdAt, totalSpent, orderCount, firstOrderAt, lastOrderAt, lastActivityAt, attributes)
        {
            Version = version,
            Activities = ActivityTimeline.FromOrdered(points),
        };
    }

    private static DateTime? Moment(BinaryReader reader) => reader.ReadInt64() is var packed && packed != NoMoment ? DateTime.FromBinary(packed) : null;
}
