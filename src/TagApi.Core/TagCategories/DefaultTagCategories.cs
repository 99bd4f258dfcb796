namespace TagApi.Core.TagCategories;

/// <summary>The categories every new tenant starts with.</summary>
public static class DefaultTagCategories
{
    public static IReadOnlyList<TagCategory> Create(long tenantId, DateTime now) =>
    [
        New(tenantId, now, "basic", "Basic information", "Who the customer is: demographics and firmographics.", "#4C6EF5", false, 10),
        New(tenantId, now, "behavior", "Behaviour", "What the customer does: activity, engagement, preferences.", "#12B886", false, 20),
        New(tenantId, now, "lifecycle", "Lifecycle stage", "Where the customer stands: new, active, loyal, dormant, churned.", "#FAB005", true, 30),
        New(tenantId, now, "value", "Value tier", "How much the customer is worth: low, mid, high.", "#E64980", true, 40),
        New(tenantId, now, "source", "Source", "Where the customer came from.", "#7950F2", false, 50),
        New(tenantId, now, "custom", "Custom", "Anything else.", "#868E96", false, 60),
    ];

    /// <summary>The category a tag goes to when none is given.</summary>
    public const string FallbackKey = "custom";

    private static TagCategory New(long tenantId, DateTime now, string key, string name, string description, string color, bool exclusive, int sortOrder) =>
        new()
        {
            TenantId = tenantId,
            Key = key,
            Name = name,
            Description = description,
            Color = color,
            Exclusive = exclusive,
            SortOrder = sortOrder,
            CreatedAt = now,
            UpdatedAt = now,
        };
}
