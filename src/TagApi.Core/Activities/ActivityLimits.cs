namespace TagApi.Core.Activities;

/// <summary>Bounds on activity input, shared by validation and the storage model.</summary>
public static class ActivityLimits
{
    public const int ExternalIdMaxLength = 200;
    public const int SlugMaxLength = 64;
    public const int MaxBatch = 1000;
    public const int PropertiesMaxBytes = 16 * 1024;

    /// <summary>Amounts keep at most this many decimal places, so the index can hold them as exact integers.</summary>
    public const int AmountScale = 4;

    public const decimal AmountMax = 1_000_000_000_000m;

    /// <summary>How far in the future an activity may be dated, for clocks that run a little ahead.</summary>
    public static readonly TimeSpan FutureSkew = TimeSpan.FromMinutes(5);
}
