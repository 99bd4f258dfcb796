using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;
using TagApi.Core.Value;

namespace TagApi.Api.Features.Value;

/// <summary>How customer value (RFM, the predicted-value model) is computed and refreshed, from the <c>CustomerValue</c> section.</summary>
public sealed class CustomerValueOptions : ISettingsSection
{
    private static readonly CustomerValueSettings Defaults = new();

    public static string SectionName => "CustomerValue";

    /// <summary>The activity type whose activities are purchases.</summary>
    [Required]
    [MinLength(1)]
    [MaxLength(64)]
    public string PurchaseType { get; set; } = Defaults.PurchaseType;

    /// <summary>The trailing window, in days, of <c>frequency</c> and <c>monetary</c>.</summary>
    [Range(1, 3650)]
    public int WindowDays { get; set; } = Defaults.WindowDays;

    /// <summary>The longest, in minutes, a loaded tenant's RFM edges and model fit go without being recomputed (the scheduled refresh).</summary>
    [Range(1, 10_080)]
    public double RefreshMinutes { get; set; } = Defaults.RefreshInterval.TotalMinutes;

    /// <summary>After customers changed, how old (seconds) the edges and fit must be before they are recomputed; 0 recomputes at the next read.</summary>
    [Range(0, 86_400)]
    public double RecomputeAfterChangeSeconds { get; set; } = Defaults.RecomputeAfterChange.TotalSeconds;

    /// <summary>How often (seconds) the refresh worker looks for loaded tenants whose edges and fit are due.</summary>
    [Range(1, 86_400)]
    public double SchedulerSeconds { get; set; } = 60;

    /// <summary>Purchasing customers a tenant needs before RFM scores are given.</summary>
    [Range(1, 1_000_000)]
    public int MinRfmCustomers { get; set; } = Defaults.MinRfmCustomers;

    /// <summary>Purchasing customers a tenant needs before the purchase and spend models are fitted.</summary>
    [Range(1, 10_000_000)]
    public int MinFitCustomers { get; set; } = Defaults.MinFitCustomers;

    /// <summary>Customers with a repeat purchase a tenant needs before the models are fitted.</summary>
    [Range(1, 10_000_000)]
    public int MinRepeatCustomers { get; set; } = Defaults.MinRepeatCustomers;

    /// <summary>Core's settings record.</summary>
    public CustomerValueSettings Settings() => new()
    {
        PurchaseType = PurchaseType,
        WindowDays = WindowDays,
        RefreshInterval = TimeSpan.FromMinutes(RefreshMinutes),
        RecomputeAfterChange = TimeSpan.FromSeconds(RecomputeAfterChangeSeconds),
        MinRfmCustomers = MinRfmCustomers,
        MinFitCustomers = MinFitCustomers,
        MinRepeatCustomers = MinRepeatCustomers,
    };
}
