namespace TagApi.Core.Activities;

/// <summary>Bounds on activity input, shared by validation and the storage model.</summary>
public static class ActivityLimits
{
    public const int ExternalIdMaxLength = 200;
    public const int SlugMaxLength = 64;
    public const int MaxBatch = 1000;
    public const int PropertiesMaxBytes = 16 * 1024;

    /// <summary>A bulk import reports at most this many bad lines (it counts them all).</summary>
    public const int MaxReportedImportErrors = 100;

    /// <summary>Activity types and channels are slugs like keys.</summary>
    public const string SlugPattern = "^[a-z0-9][a-z0-9_-]{0,63}$";

    /// <summary>ISO 4217 currency code; lower case is accepted and stored upper case.</summary>
    public const string CurrencyPattern = "^[A-Za-z]{3}$";

    /// <summary>Amounts keep at most this many decimal places, so the index can hold them as exact integers.</summary>
    public const int AmountScale = 4;

    public const decimal AmountMax = 1_000_000_000_000m;

    /// <summary>How far in the future an activity may be dated, for clocks that run a little ahead.</summary>
    public static readonly TimeSpan FutureSkew = TimeSpan.FromMinutes(5);
}
