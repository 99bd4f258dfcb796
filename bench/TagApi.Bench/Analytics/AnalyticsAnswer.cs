using System.Globalization;
using System.Text;

namespace TagApi.Bench.Analytics;

/// <summary>
/// One subject's whole answer in a canonical text (so any two subjects' answers can be compared exactly, figure by
/// figure), a headline number for the report's result column, and, for TagApi, when it says it computed it.
/// </summary>
public sealed record AnalyticsAnswer(string Canonical, long Headline, DateTime? ComputedAt = null)
{
    /// <summary>Per tag (by key): holders, by rule, added and removed in the window; per category: customers covered.</summary>
    public static AnalyticsAnswer Distribution(
        long total, IEnumerable<(string Key, long Holders, long ByRule, long Added, long Removed)> tags,
        IEnumerable<(string Key, long Covered)> categories, DateTime? computedAt = null)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"customers={total}");
        long holders = 0;
        foreach (var t in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $";{t.Key}:{t.Holders}/{t.ByRule}/+{t.Added}/-{t.Removed}");
            holders += t.Holders;
        }

        foreach (var c in categories.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $";category {c.Key}:{c.Covered}");
        }

        return new AnalyticsAnswer(text.ToString(), holders, computedAt);
    }

    /// <summary>The full N×N count matrix in the asked order; the headline is the sum of its cells.</summary>
    public static AnalyticsAnswer Overlap(IReadOnlyList<string> keys, Func<int, int, long> count)
    {
        var text = new StringBuilder();
        long sum = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            text.Append(keys[i]).Append(':');
            for (var j = 0; j < keys.Count; j++)
            {
                var value = count(i, j);
                text.Append(CultureInfo.InvariantCulture, $"{value},");
                sum += value;
            }

            text.Append(';');
        }

        return new AnalyticsAnswer(text.ToString(), sum);
    }

    /// <summary>Each day's start, added, removed and holders at its end; the headline is the year's ledger lines.</summary>
    public static AnalyticsAnswer Trend(IEnumerable<(DateTime Start, long Added, long Removed, long Holders)> points)
    {
        var text = new StringBuilder();
        long changes = 0;
        foreach (var p in points.OrderBy(p => p.Start))
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.Start:yyyy-MM-dd}:+{p.Added}/-{p.Removed}={p.Holders};");
            changes += p.Added + p.Removed;
        }

        return new AnalyticsAnswer(text.ToString(), changes);
    }

    /// <summary>Where two answers first part, for the report; null when they are the same.</summary>
    public static string? FirstDifference(AnalyticsAnswer expected, AnalyticsAnswer actual)
    {
        if (expected.Canonical == actual.Canonical)
        {
            return null;
        }

        var a = expected.Canonical.Split(';');
        var b = actual.Canonical.Split(';');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "(nothing)";
            var y = i < b.Length ? b[i] : "(nothing)";
            if (x != y)
            {
                return $"first difference: expected `{Trim(x)}`, got `{Trim(y)}`";
            }
        }

        return "answers differ";
    }

    private static string Trim(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
