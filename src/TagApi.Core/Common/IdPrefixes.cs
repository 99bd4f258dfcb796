namespace TagApi.Core.Common;

/// <summary>The prefix of each kind of public id.</summary>
public static class IdPrefixes
{
    public const string Category = "cat";
    public const string Tag = "tag";
    public const string Customer = "cus";
    public const string Segment = "seg";
    public const string Rule = "rul";
    public const string Activity = "act";
    public const string WebhookEndpoint = "whe";
    public const string Event = "evt";
    public const string Tenant = "ten";
    public const string HistoryEntry = "hst";
    public const string RuleRun = "run";
    public const string BulkJob = "job";
}
