namespace TagApi.Bench.Analytics;

/// <summary>Something that answers W10's three questions: TagApi (over HTTP or in-process) or a SQL peer.</summary>
public interface IAnalyticsSubject : IDisposable
{
    string Name { get; }

    /// <summary>
    /// Holders, rule/hand split and the 30-day adds and removes of every tag, and each category's coverage.
    /// <paramref name="since"/> is the 30-day cut-off for the SQL peers; TagApi takes it from its own clock and
    /// says when it computed (<see cref="AnalyticsAnswer.ComputedAt"/>).
    /// </summary>
    AnalyticsAnswer Distribution(DateTime since);

    /// <summary>The exact N×N intersection counts of the tags, in the given order.</summary>
    AnalyticsAnswer Overlap(IReadOnlyList<string> keys);

    /// <summary>The tag's daily added, removed and holders over [from, to).</summary>
    AnalyticsAnswer Trend(string key, DateTime from, DateTime to);
}
