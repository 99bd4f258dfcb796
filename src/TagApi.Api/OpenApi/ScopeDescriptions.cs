using TagApi.Core.Tenancy;

namespace TagApi.Api.OpenApi;

/// <summary>What each OAuth2 scope allows, as the security scheme documents it.</summary>
internal static class ScopeDescriptions
{
    public static Dictionary<string, string> All { get; } = new(StringComparer.Ordinal)
    {
        [Scopes.TagsRead] = "Read tags and tag categories.",
        [Scopes.TagsWrite] = "Create, change, archive, merge and delete tags and tag categories.",
        [Scopes.CustomersRead] = "Read customers, their tags, tag history and rule explanations, and tag members.",
        [Scopes.CustomersWrite] = "Create, upsert, change and erase customers, and add or remove their tags (one by one or in batches).",
        [Scopes.CustomersPii] = "See personal data (name, e-mail, phone, birth date); without it they read as null and no query may use them.",
        [Scopes.ActivitiesWrite] = "Record activities (single, batch and bulk NDJSON import).",
        [Scopes.SegmentsRead] = "Read saved segments, count, list and export their members, and run or validate ad-hoc queries.",
        [Scopes.SegmentsWrite] = "Create, change and delete saved segments.",
        [Scopes.RulesRead] = "Read tagging rules, their versions and runs, and preview a rule.",
        [Scopes.RulesWrite] = "Create, change, delete and run tagging rules.",
        [Scopes.WebhooksManage] = "Manage webhook endpoints, their secrets and deliveries, and read the change log.",
        [Scopes.AnalyticsRead] = "Read tag analytics: distribution, overlap and unused tags.",
        [Scopes.ClientsManage] = "Create, list and revoke the tenant's own API clients.",
    };
}
