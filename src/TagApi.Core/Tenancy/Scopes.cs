namespace TagApi.Core.Tenancy;

/// <summary>Every OAuth2 scope of the API. REST route groups and GraphQL fields use these same names as policies.</summary>
public static class Scopes
{
    public const string TagsRead = "tags:read";
    public const string TagsWrite = "tags:write";
    public const string CustomersRead = "customers:read";
    public const string CustomersWrite = "customers:write";
    public const string CustomersPii = "customers:pii";
    public const string ActivitiesWrite = "activities:write";
    public const string SegmentsRead = "segments:read";
    public const string SegmentsWrite = "segments:write";
    public const string RulesRead = "rules:read";
    public const string RulesWrite = "rules:write";
    public const string WebhooksManage = "webhooks:manage";
    public const string AnalyticsRead = "analytics:read";
    public const string ClientsManage = "clients:manage";

    public static IReadOnlyList<string> All { get; } =
    [
        TagsRead, TagsWrite, CustomersRead, CustomersWrite, CustomersPii, ActivitiesWrite,
        SegmentsRead, SegmentsWrite, RulesRead, RulesWrite, WebhooksManage, AnalyticsRead, ClientsManage,
    ];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
