using System.Globalization;

namespace TagApi.Bench.Data;

/// <summary>
/// Deterministic customers: customer <c>i</c> depends only on (seed, i, anchor). All times lie in
/// the two years before <see cref="Anchor"/> and are whole seconds, and the order metrics agree
/// with each other (no orders: no order dates and nothing spent; first ≤ last order ≤ anchor;
/// last activity not before the last order).
/// </summary>
public sealed class CustomerGenerator(ulong seed, DateTime anchor)
{
    private const int HistorySeconds = 730 * 86_400;
    private readonly double[] _densities = [.. TagCatalog.All.Select(t => t.Density)];

    public DateTime Anchor { get; } = anchor;

    /// <summary>Fills <paramref name="c"/> with customer <paramref name="index"/> (0-based; its Id is index + 1).</summary>
    public void Fill(int index, CustomerRecord c)
    {
        var rng = new Rng(seed, (ulong)index);
        c.Id = index + 1L;
        c.ExternalId = "cust-" + (index + 1).ToString("D8", CultureInfo.InvariantCulture);
        var company = rng.Chance(0.08);
        c.Type = company ? "Company" : "Individual";
        var given = Vocabulary.GivenNames[rng.Next(Vocabulary.GivenNames.Length)];
        var family = Vocabulary.FamilyNames[rng.Next(Vocabulary.FamilyNames.Length)];
        c.Name = company ? $"{family} {Vocabulary.CompanySuffixes[rng.Next(Vocabulary.CompanySuffixes.Length)]}" : $"{given} {family}";
        c.Email = rng.Chance(0.9)
            ? string.Create(CultureInfo.InvariantCulture, $"{given.ToLowerInvariant()}.{family.ToLowerInvariant()}{index + 1}@{Vocabulary.MailDomains[rng.Next(Vocabulary.MailDomains.Length)]}")
            : null;
        c.Place = Vocabulary.Places.Draw(ref rng);
        c.Phone = rng.Chance(0.7) ? string.Create(CultureInfo.InvariantCulture, $"{c.Place.PhonePrefix} {100_000_000 + rng.Next(899_999_999)}") : null;
        c.Gender = company ? null : rng.NextDouble() switch { < 0.48 => "female", < 0.95 => "male", _ => null };
        c.BirthDate = !company && rng.Chance(0.85) ? DateOnly.FromDateTime(Anchor.AddDays(-(18 * 365 + rng.Next(57 * 365)))) : null;
        c.Industry = company || rng.Chance(0.4) ? Vocabulary.Industries.Draw(ref rng) : null;
        var online = rng.Chance(0.65);
        c.Source = online ? "Online" : "Offline";
        c.SourceDetail = (online ? Vocabulary.OnlineDetails : Vocabulary.OfflineDetails).Draw(ref rng);
        c.Attributes = string.Create(CultureInfo.InvariantCulture,
            $"{{\"vipLevel\":{Vocabulary.VipLevels.Draw(ref rng)},\"preferredChannel\":\"{Vocabulary.PreferredChannels.Draw(ref rng)}\"}}");
        FillTimeline(ref rng, c);
    }

    /// <summary>Writes the indexes (into <see cref="TagCatalog.All"/>) of the tags customer <paramref name="index"/> holds; returns how many.</summary>
    public int Tags(int index, Span<byte> into)
    {
        // A stream of its own, so adding a customer column never reshuffles the tags.
        var rng = new Rng(seed ^ 0x7A6C_0000_0000_0000UL, (ulong)index);
        var count = 0;
        for (var t = 0; t < _densities.Length; t++)
        {
            if (rng.NextDouble() < _densities[t])
            {
                into[count++] = (byte)t;
            }
        }

        return count;
    }

    /// <summary>When the customer got the tag: some time between its creation and the anchor.</summary>
    public DateTime AssignedAt(int index, int tag, DateTime createdAt)
    {
        var rng = new Rng(seed ^ 0x4153_0000_0000_0000UL, ((ulong)index << 8) | (uint)tag);
        return createdAt.AddSeconds(Math.Floor((Anchor - createdAt).TotalSeconds * rng.NextDouble()));
    }

    private void FillTimeline(ref Rng rng, CustomerRecord c)
    {
        c.CreatedAt = Anchor.AddSeconds(-1 - rng.Next(HistorySeconds));
        var lifetime = (Anchor - c.CreatedAt).TotalSeconds;
        c.OrderCount = rng.Chance(0.25) ? 0 : Math.Min(300, 1 + (int)rng.Exponential(4));
        if (c.OrderCount == 0)
        {
            c.TotalSpent = 0;
            c.FirstOrderAt = c.LastOrderAt = null;
        }
        else
        {
            var u = rng.NextDouble();
            c.FirstOrderAt = c.CreatedAt.AddSeconds(Math.Floor(lifetime * 0.6 * u * u));
            // Skewed towards the present: recent buyers are more common than long-lapsed ones.
            c.LastOrderAt = c.OrderCount == 1
                ? c.FirstOrderAt
                : c.FirstOrderAt.Value.AddSeconds(Math.Floor((Anchor - c.FirstOrderAt.Value).TotalSeconds * Math.Sqrt(rng.NextDouble())));
            var average = Math.Max(5.0, rng.LogNormal(120, 0.7));
            c.TotalSpent = Math.Round((decimal)(average * c.OrderCount), 2);
        }

        var activityBase = c.LastOrderAt ?? c.CreatedAt;
        c.LastActivityAt = c.OrderCount == 0 && rng.Chance(0.1)
            ? null
            : activityBase.AddSeconds(Math.Floor((Anchor - activityBase).TotalSeconds * rng.NextDouble()));
        c.UpdatedAt = c.LastActivityAt ?? c.CreatedAt;
    }
}
