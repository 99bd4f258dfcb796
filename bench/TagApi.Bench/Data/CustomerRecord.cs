namespace TagApi.Bench.Data;

/// <summary>
/// One generated customer with every column of the "Customers" table. The generator refills a
/// single instance per row, so a million customers cost no garbage.
/// </summary>
public sealed class CustomerRecord
{
    public long Id { get; set; }

    public string ExternalId { get; set; } = "";

    /// <summary>"Individual" or "Company", as the product stores its enum.</summary>
    public string Type { get; set; } = "Individual";

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Gender { get; set; }

    public DateOnly? BirthDate { get; set; }

    public Place Place { get; set; } = null!;

    public string? Industry { get; set; }

    /// <summary>"Online" or "Offline".</summary>
    public string Source { get; set; } = "Online";

    public string? SourceDetail { get; set; }

    /// <summary>A small JSON object, e.g. {"vipLevel":3,"preferredChannel":"wechat"}.</summary>
    public string Attributes { get; set; } = "{}";

    public decimal TotalSpent { get; set; }

    public int OrderCount { get; set; }

    public DateTime? FirstOrderAt { get; set; }

    public DateTime? LastOrderAt { get; set; }

    public DateTime? LastActivityAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
