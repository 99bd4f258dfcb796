using TagApi.Core.Common;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Analytics;

/// <summary>
/// Holders of a tag against everyone else, from the rows and timelines the index keeps: one pass over the
/// tenant's customers, no database read. Age bands are derived from the birth date, personal data, so they are
/// left out unless the caller holds <c>customers:pii</c>.
/// </summary>
public sealed class TagProfileReader(AnalyticsSnapshot index, TagLookup tags, TenantContext tenant, TimeProvider clock)
{
    /// <summary>How many values each <see cref="ProfileStats.Top"/> list shows.</summary>
    public const int TopValues = 10;

    private const string PurchaseType = "purchase";

    public async Task<TagProfile> ReadAsync(string tagRef, CancellationToken ct)
    {
        var tag = await tags.GetAsync(tagRef, ct);
        var snapshot = await index.CurrentAsync(ct);
        var now = clock.UtcNow();
        var holders = snapshot.TagMembers.GetValueOrDefault(tag.Id) ?? new RoaringBitmap();
        var withAge = tenant.HasScope(Scopes.CustomersPii);
        var (inside, outside) = (new Accumulator(now, withAge, snapshot.Vocabulary.FindType(PurchaseType)), new Accumulator(now, withAge, snapshot.Vocabulary.FindType(PurchaseType)));
        foreach (var ordinal in snapshot.Live.Enumerate())
        {
            if (snapshot.Rows[ordinal] is { } row)
            {
                (holders.Contains(ordinal) ? inside : outside).Add(row);
            }
        }

        return new TagProfile(inside.ToStats(), outside.ToStats(), now);
    }

    private sealed class Accumulator(DateTime now, bool withAge, ushort? purchaseType)
    {
        private readonly List<double> _spent = [];
        private readonly List<double> _orders = [];
        private readonly List<double> _recent30 = [];
        private readonly List<double> _recent90 = [];
        private readonly List<double> _sincePurchase = [];
        private readonly Dictionary<string, Dictionary<string, long>> _values = new(StringComparer.Ordinal);
        private readonly long _ticks30 = (now - TimeSpan.FromDays(30)).Ticks;
        private readonly long _ticks90 = (now - TimeSpan.FromDays(90)).Ticks;

        public void Add(CustomerRow row)
        {
            _spent.Add((double)row.TotalSpent);
            _orders.Add(row.OrderCount);
            _recent30.Add(row.Activities.CountAllAfter(_ticks30));
            _recent90.Add(row.Activities.CountAllAfter(_ticks90));
            if (purchaseType is { } type && row.Activities.LatestTicks(type) is { } last)
            {
                _sincePurchase.Add(Math.Floor((now.Ticks - last) / (double)TimeSpan.TicksPerDay));
            }

            Count("city", row.City);
            Count("source", row.Source?.ToString().ToLowerInvariant());
            Count("country", row.Country);
            Count("gender", row.Gender);
            if (withAge && row.BirthDate is { } birth)
            {
                Count("ageBand", AgeBand(FieldValues.AgeOn(birth, DateOnly.FromDateTime(now))));
            }
        }

        public ProfileStats ToStats()
        {
            var fields = withAge ? new[] { "city", "source", "country", "gender", "ageBand" } : ["city", "source", "country", "gender"];
            var top = fields.ToDictionary(
                f => f,
                f => (IReadOnlyList<ValueCount>)(_values.TryGetValue(f, out var counts)
                    ? counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(TopValues).Select(c => new ValueCount(c.Key, c.Value)).ToList()
                    : []),
                StringComparer.Ordinal);
            return new ProfileStats(
                _spent.Count, Measure.Of(_spent), Measure.Of(_orders), Measure.Of(_recent30), Measure.Of(_recent90), Measure.Of(_sincePurchase), top);
        }

        private void Count(string field, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            if (!_values.TryGetValue(field, out var counts))
            {
                counts = new Dictionary<string, long>(StringComparer.Ordinal);
                _values[field] = counts;
            }

            counts[value] = counts.GetValueOrDefault(value) + 1;
        }

        private static string AgeBand(int age) => age switch
        {
            < 18 => "<18",
            < 25 => "18-24",
            < 35 => "25-34",
            < 45 => "35-44",
            < 55 => "45-54",
            < 65 => "55-64",
            _ => "65+",
        };
    }
}
