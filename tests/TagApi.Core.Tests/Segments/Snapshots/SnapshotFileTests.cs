using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;
using TagApi.Core.Segments.Snapshots;
using TagApi.Core.Tests.Segments.Columns;

namespace TagApi.Core.Tests.Segments.Snapshots;

/// <summary>
/// An index read back from its snapshot file must be the index that was written: the same rows, timelines, tag and
/// rule bitmaps and field columns, the same answers to every query, the same memory figure — and it must keep
/// taking changes exactly as the original does. A damaged file must never read back as an index.
/// </summary>
public sealed class SnapshotFileTests
{
    private const long VipTag = 1;
    private const long LapsedTag = 2;
    private static readonly DateTime Now = new(2026, 12, 7, 9, 30, 0, DateTimeKind.Utc);
    private static readonly TagCatalog Catalog = new(
        [new IndexedTag(VipTag, "vip", 1, null), new IndexedTag(LapsedTag, "lapsed", 1, null)], new Dictionary<string, long>(), new Dictionary<string, long> { ["basic"] = 1 });

    private static readonly QueryNode VipInShanghai = new AndNode(new TagEquals("vip"), SegmentQueryParser.Parse("city = 'Shanghai'"));

    private static readonly SnapshotHeader Header = new(7, Now.AddDays(-30), new SnapshotPosition(true, 42), Now, 0);

    [Fact]
    public void An_index_read_back_answers_and_changes_like_the_one_written()
    {
        var random = new Random(20261207);
        var customers = new TestCustomers(random);
        var original = new TenantIndex(Catalog, new ActivityVocabulary(), Enumerable.Range(1, 4_000).Select(i => customers.Next(i * 2L)));
        // Removals leave holes, updates replace rows and timelines: the file must carry both.
        original.Apply([.. Enumerable.Range(1, 300).Select(i => customers.Next(i * 26L))], [.. Enumerable.Range(1, 200).Select(i => i * 38L)]);

        var restored = TenantIndex.Restore(Catalog, ReadBack(Write(original.Current)).Body);

        AssertSame(original.Current, restored.Current, random);
        // Arrays read back are exactly as long as their contents (grown ones keep room to spare): a little less, never more.
        Assert.InRange(restored.Current.MemoryBytes, original.Current.MemoryBytes * 0.9, original.Current.MemoryBytes * 1.01);

        // Both take the same writes (new customers, updates, removals) and still agree.
        for (var round = 0; round < 3; round++)
        {
            var changed = Enumerable.Range(0, 150).Select(_ => customers.Next(random.Next(1, 8_400))).DistinctBy(c => c.Row.Id).ToList();
            var removed = Enumerable.Range(0, 40).Select(_ => (long)random.Next(1, 8_400)).Except(changed.Select(c => c.Row.Id)).ToList();
            var before = restored.Current;
            var answersBefore = Members(before, VipInShanghai);
            original.Apply(changed, removed);
            restored.Apply(changed, removed);
            AssertSame(original.Current, restored.Current, random);
            // The restored index's earlier snapshot is untouched by its later writes (its bitmaps copy before changing).
            Assert.Equal(answersBefore, Members(before, VipInShanghai));
        }
    }

    [Fact]
    public void A_tag_deleted_while_the_file_waited_is_not_read_back()
    {
        var customers = new TestCustomers(new Random(5));
        var index = new TenantIndex(Catalog, new ActivityVocabulary(), Enumerable.Range(1, 500).Select(i => customers.Next(i)));
        var withoutLapsed = new TagCatalog([new IndexedTag(VipTag, "vip", 1, null)], new Dictionary<string, long>(), new Dictionary<string, long> { ["basic"] = 1 });

        var restored = TenantIndex.Restore(withoutLapsed, ReadBack(Write(index.Current)).Body);

        Assert.Equal([VipTag], restored.Current.TagMembers.Keys);
        Assert.DoesNotContain(LapsedTag, restored.Current.RuleTagMembers.Keys);
        Assert.Equal(index.Current.TagMembers[VipTag].ToArray(), restored.Current.TagMembers[VipTag].ToArray());
    }

    [Fact]
    public void A_damaged_or_cut_file_does_not_read_back()
    {
        var customers = new TestCustomers(new Random(3));
        var index = new TenantIndex(Catalog, new ActivityVocabulary(), Enumerable.Range(1, 2_000).Select(i => customers.Next(i)));
        var bytes = Write(index.Current);

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x10;
        Assert.ThrowsAny<Exception>(() => ReadBack(flipped));
        Assert.ThrowsAny<Exception>(() => ReadBack(bytes[..(bytes.Length - 100)]));
        Assert.Equal(2_000, TenantIndex.Restore(Catalog, ReadBack(bytes).Body).Current.CustomerCount);
    }

    [Fact]
    public void The_header_says_which_tenant_position_and_time_the_file_stands_for()
    {
        var index = new TenantIndex(Catalog, new ActivityVocabulary(), []);
        var (header, _) = ReadBack(Write(index.Current));

        Assert.Equal(Header, header);
    }

    private static byte[] Write(IndexSnapshot snapshot)
    {
        using var file = new MemoryStream();
        IndexSnapshotFile.Write(file, Header, snapshot);
        return file.ToArray();
    }

    private static (SnapshotHeader Header, RestoredIndex Body) ReadBack(byte[] bytes)
    {
        using var file = new MemoryStream(bytes);
        var header = IndexSnapshotFile.ReadHeader(file) ?? throw new InvalidOperationException("no header");
        return (header, IndexSnapshotFile.ReadBody(file));
    }

    private static void AssertSame(IndexSnapshot expected, IndexSnapshot actual, Random random)
    {
        Assert.Equal(expected.CustomerCount, actual.CustomerCount);
        Assert.Equal(expected.IdAt.Count, actual.IdAt.Count);
        for (var ordinal = 0; ordinal < expected.IdAt.Count; ordinal++)
        {
            Assert.Equal(expected.IdAt[ordinal], actual.IdAt[ordinal]);
            var (e, a) = (expected.Rows[ordinal], actual.Rows[ordinal]);
            Assert.Equal(e is null, a is null);
            if (e is not null && a is not null)
            {
                Assert.Equal(e with { Activities = ActivityTimeline.Empty }, a with { Activities = ActivityTimeline.Empty });
                Assert.Equal(e.Version, a.Version);
                Assert.True(e.Activities.Points.SequenceEqual(a.Activities.Points));
            }
        }

        Assert.Equal(expected.Live.ToArray(), actual.Live.ToArray());
        AssertBitmaps(expected.TagMembers, actual.TagMembers);
        AssertBitmaps(expected.RuleTagMembers, actual.RuleTagMembers);
        Assert.Equal(expected.NewestByType.Keys.Order(), actual.NewestByType.Keys.Order());
        foreach (var (type, column) in expected.NewestByType)
        {
            Assert.Equal(Enumerable.Range(0, column.Count).Select(i => column[i]), Enumerable.Range(0, column.Count).Select(i => actual.NewestByType[type][i]));
        }

        Assert.Equal(expected.Vocabulary.FindType("purchase"), actual.Vocabulary.FindType("purchase"));
        Assert.Equal(expected.Vocabulary.FindChannel("web"), actual.Vocabulary.FindChannel("web"));
        var queries = new RandomFieldPredicates(random, Now);
        foreach (var query in Enumerable.Range(0, 300).Select(_ => queries.Next()).Append(new OrNode(new TagEquals("vip"), new TagEquals("lapsed"))))
        {
            Assert.Equal(Members(expected, query), Members(actual, query));
        }
    }

    private static void AssertBitmaps(IReadOnlyDictionary<long, TagApi.Core.Segments.Index.RoaringBitmap> expected, IReadOnlyDictionary<long, TagApi.Core.Segments.Index.RoaringBitmap> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (tag, members) in expected)
        {
            Assert.Equal(members.ToArray(), actual[tag].ToArray());
        }
    }

    private static long[] Members(IndexSnapshot snapshot, QueryNode query)
    {
        var expression = new QueryCompiler(snapshot, _ => null, Now).Compile(query);
        return [.. snapshot.Evaluator.Enumerate(expression).Select(snapshot.CustomerIdAt)];
    }

    /// <summary>Random rows (every corner of the field columns), tags, rule tags and timelines of two activity types.</summary>
    private sealed class TestCustomers(Random random)
    {
        private readonly RandomCustomers _rows = new(random, Now);
        private readonly ActivityVocabulary _names = new();
        private long _activityId;

        public IndexedCustomer Next(long id)
        {
            var tags = new List<long>();
            var ruleTags = new List<long>();
            if (random.Next(3) == 0)
            {
                tags.Add(VipTag);
            }

            if (random.Next(4) == 0)
            {
                tags.Add(LapsedTag);
                ruleTags.Add(LapsedTag);
            }

            var points = Enumerable.Range(0, random.Next(4)).Select(_ => new ActivityPoint(
                Now.AddHours(-random.Next(1, 2_000)).Ticks, ++_activityId, ActivityPoint.ToUnits(random.Next(0, 500)),
                _names.InternType(random.Next(2) == 0 ? "purchase" : "view"), _names.InternChannel(random.Next(2) == 0 ? "web" : null)));
            return new IndexedCustomer(_rows.Next(id), tags, ActivityTimeline.From(points), ruleTags);
        }
    }
}

/// <summary>A file is used only while the change log still holds every change since it, on the database it was taken from.</summary>
public sealed class SnapshotRefusalTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 9, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(true, 100, 120L, 0L, 1.0, null)]
    [InlineData(true, 100, 100L, 0L, 22.0, null)]
    [InlineData(false, 100, null, 100L, 1.0, null)]
    [InlineData(true, 100, 90L, 0L, 1.0, "ahead")]
    [InlineData(false, 100, null, 99L, 1.0, "ahead")]
    [InlineData(true, 100, null, 500L, 1.0, "another kind")]
    [InlineData(false, 100, 500L, 0L, 1.0, "another kind")]
    [InlineData(true, 100, 120L, 0L, 23.5, "older than the change log keeps")]
    public void A_file_is_refused_when_the_change_log_cannot_bring_it_up_to_date(bool isHorizon, long position, long? horizon, long lastId, double hoursOld, string? reason)
    {
        var header = new SnapshotHeader(1, Now.AddDays(-3), new SnapshotPosition(isHorizon, position), Now.AddHours(-hoursOld), 10);

        var refusal = IndexRestore.Refusal(header, horizon, lastId, Now);

        if (reason is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Contains(reason, refusal, StringComparison.Ordinal);
        }
    }
}
