namespace TagApi.Core.Value;

/// <summary>
/// The named RFM segments on the common R × FM score grid, where FM is the mean of the F and M scores rounded half
/// up. Every cell has exactly one name (docs/customer-value.md draws the grid):
/// <code>
///        FM 1        FM 2        FM 3            FM 4            FM 5
/// R 5   new         potential   potential       champions       champions
/// R 4   promising   potential   potential       loyal           loyal
/// R 3   about_to_sleep ×2        need_attention  loyal           loyal
/// R 2   hibernating ×2           at_risk         at_risk         cannot_lose
/// R 1   lost ×2                  at_risk         at_risk         cannot_lose
/// </code>
/// </summary>
public static class RfmSegments
{
    /// <summary>Every segment name, best first.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "champions", "loyal", "potential_loyalist", "new", "promising", "need_attention", "about_to_sleep", "at_risk", "cannot_lose",
        "hibernating", "lost",
    ];

    /// <summary>How many named segments there are.</summary>
    public const int Count = 11;

    /// <summary>FM: the mean of the F and M scores, rounded half up.</summary>
    public static int FrequencyMonetary(int f, int m) => (f + m + 1) / 2;

    /// <summary>The segment of a customer's R, F and M scores (each 1–5).</summary>
    public static string Of(int r, int f, int m)
    {
        var fm = FrequencyMonetary(f, m);
        return r switch
        {
            5 => fm switch { 1 => "new", <= 3 => "potential_loyalist", _ => "champions" },
            4 => fm switch { 1 => "promising", <= 3 => "potential_loyalist", _ => "loyal" },
            3 => fm switch { <= 2 => "about_to_sleep", 3 => "need_attention", _ => "loyal" },
            2 => fm switch { <= 2 => "hibernating", 5 => "cannot_lose", _ => "at_risk" },
            _ => fm switch { <= 2 => "lost", 5 => "cannot_lose", _ => "at_risk" },
        };
    }
}
