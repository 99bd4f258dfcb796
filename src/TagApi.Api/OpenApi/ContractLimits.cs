using TagApi.Api.Features.Activities;
using TagApi.Api.Features.Rules;
using TagApi.Api.Features.Webhooks;
using TagApi.Core.Activities;
using TagApi.Core.Analytics;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Rules;
using TagApi.Core.Segments.Query;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Api.OpenApi;

/// <summary>A documented bound of one JSON member or query parameter.</summary>
public abstract record ContractLimit;

/// <summary>A string's length (UTF-16 code units, as JSON Schema counts them) and, where one exists, its pattern or format.</summary>
public sealed record StringLimit(int MaxLength, string? Pattern = null, string? Format = null) : ContractLimit;

/// <summary>An integer's range.</summary>
public sealed record IntegerLimit(long Minimum, long Maximum) : ContractLimit;

/// <summary>A decimal number's range.</summary>
public sealed record NumberLimit(decimal Minimum, decimal Maximum) : ContractLimit;

/// <summary>An array's length.</summary>
public sealed record ArrayLimit(int MaxItems) : ContractLimit;

/// <summary>
/// The one source of every limit the REST contract states: the OpenAPI document prints these, and
/// <see cref="RequestLimitsFilter"/> refuses request members and query parameters beyond them. Each
/// entry names the constant the Core validators and the storage model use, so the three cannot drift.
/// A member is looked up by (contract type, JSON name) first, then by JSON name alone.
/// </summary>
public static partial class ContractLimits
{
    /// <summary>ISO 8601 date-times are far shorter; anything longer cannot be parsed.</summary>
    public const int DateTimeMaxLength = 64;

    public const int DateMaxLength = 10;

    /// <summary>Cursors are 38 characters; longer text is refused before it is decoded.</summary>
    public const int CursorMaxLength = 64;

    /// <summary>For response lists that only the tenant's own data bounds (a customer's tags, a rule's versions).</summary>
    public const int UnboundedItems = int.MaxValue;

    /// <summary>Free-text parameters (<c>q</c>) and a query's error texts.</summary>
    public const int SearchMaxLength = CustomerLimits.TextMaxLength;

    /// <summary>Folding maps each character to at most one (see TagNameFolding), so a folded name is never longer than the name or key.</summary>
    public const int FoldedNameMaxLength = InputRules.NameMaxLength;

    public const int QueryMessageMaxLength = QueryLimits.MaxTextBytes + 1024;

    public static readonly StringLimit Id = new(PublicId.Length, PublicId.Pattern);
    public static readonly StringLimit Key = new(InputRules.KeyMaxLength, InputRules.KeyPatternText);
    public static readonly StringLimit IdOrKey = new(Math.Max(InputRules.KeyMaxLength, PublicId.Length));
    public static readonly StringLimit Name = new(InputRules.NameMaxLength);
    public static readonly StringLimit Description = new(InputRules.DescriptionMaxLength);
    public static readonly StringLimit Color = new(InputRules.ColorLength, InputRules.ColorPatternText);
    public static readonly StringLimit QueryText = new(QueryLimits.MaxTextBytes);
    public static readonly StringLimit CustomerExternalId = new(CustomerLimits.ExternalIdMaxLength);
    public static readonly StringLimit Slug = new(ActivityLimits.SlugMaxLength, ActivityLimits.SlugPattern);
    public static readonly StringLimit Cursor = new(CursorMaxLength, "^[A-Za-z0-9_-]+$");
    public static readonly StringLimit DateTime = new(DateTimeMaxLength, Format: "date-time");
    public static readonly StringLimit Date = new(DateMaxLength, Format: "date");
    public static readonly IntegerLimit Count32 = new(0, int.MaxValue);
    public static readonly IntegerLimit Count64 = new(0, long.MaxValue);
    public static readonly IntegerLimit Int32 = new(int.MinValue, int.MaxValue);
    public static readonly IntegerLimit PageLimit = new(1, PageRequest.MaxLimit);
    public static readonly ArrayLimit Page = new(PageRequest.MaxLimit);

    /// <summary>Customer value's codes: RFM segment names and the reasons a value is missing.</summary>
    public static readonly StringLimit ValueCode = new(32);

    private static readonly Dictionary<string, ContractLimit> ByName = new(StringComparer.Ordinal)
    {
        ["id"] = Id, ["tagId"] = Id, ["parentId"] = Id, ["eventId"] = Id, ["rule"] = Id, ["customer"] = Id, ["after"] = Id,
        ["key"] = Key, ["tagKey"] = Key,
        ["category"] = IdOrKey, ["parent"] = IdOrKey, ["tag"] = IdOrKey, ["into"] = IdOrKey,
        ["name"] = Name, ["description"] = Description, ["color"] = Color,
        ["externalId"] = CustomerExternalId, ["customerExternalId"] = CustomerExternalId,
        ["email"] = new StringLimit(CustomerLimits.EmailMaxLength, CustomerLimits.EmailPattern, "email"),
        ["phone"] = new StringLimit(CustomerLimits.PhoneMaxLength, CustomerLimits.PhonePattern),
        ["gender"] = new StringLimit(CustomerLimits.ShortTextMaxLength), ["country"] = new StringLimit(CustomerLimits.ShortTextMaxLength),
        ["locale"] = new StringLimit(CustomerLimits.ShortTextMaxLength), ["region"] = new StringLimit(CustomerLimits.TextMaxLength),
        ["city"] = new StringLimit(CustomerLimits.TextMaxLength), ["industry"] = new StringLimit(CustomerLimits.TextMaxLength),
        ["sourceDetail"] = new StringLimit(CustomerLimits.TextMaxLength),
        ["channel"] = Slug, ["currency"] = new StringLimit(3, ActivityLimits.CurrencyPattern),
        ["query"] = QueryText, ["condition"] = QueryText, ["when"] = QueryText, ["normalized"] = QueryText, ["text"] = QueryText,
        ["cursor"] = Cursor, ["nextCursor"] = Cursor,
        ["url"] = new StringLimit(WebhookLimits.UrlMaxLength, Format: "uri"),
        ["clientId"] = new StringLimit(100), ["clientSecret"] = new StringLimit(100), ["secret"] = new StringLimit(100),
        ["sourceRef"] = new StringLimit(200), ["reason"] = new StringLimit(500), ["disabledReason"] = new StringLimit(WebhookLimits.ErrorMaxLength),
        ["error"] = new StringLimit(WebhookLimits.ErrorMaxLength),
        ["message"] = new StringLimit(QueryMessageMaxLength), ["unknown"] = QueryText, ["suggestion"] = QueryText, ["path"] = new StringLimit(1000),
        ["summary"] = new StringLimit(QueryMessageMaxLength), ["kind"] = new StringLimit(32), ["trigger"] = new StringLimit(16),
        ["q"] = new StringLimit(SearchMaxLength), ["code"] = new StringLimit(64), ["status"] = new StringLimit(64), ["type"] = new StringLimit(64), ["fields"] = new StringLimit(64), ["list"] = new StringLimit(16),
        ["limit"] = PageLimit, ["intervalMinutes"] = new IntegerLimit(RuleLimits.MinIntervalMinutes, RuleLimits.MaxIntervalMinutes),
        ["priority"] = Int32, ["sortOrder"] = Int32, ["statusCode"] = new IntegerLimit(100, 599),
        ["version"] = new IntegerLimit(1, long.MaxValue), ["ruleVersion"] = new IntegerLimit(1, int.MaxValue),
        ["amount"] = new NumberLimit(0, ActivityLimits.AmountMax), ["totalSpent"] = new NumberLimit(0, decimal.MaxValue),
        ["data"] = Page, ["activities"] = new ArrayLimit(ActivityLimits.MaxBatch), ["bands"] = new ArrayLimit(RuleLimits.MaxBands),
        ["eventTypes"] = new ArrayLimit(EventTypes.All.Count), ["scopes"] = new ArrayLimit(Scopes.All.Count),
        ["sampleAdded"] = new ArrayLimit(RuleLimits.PreviewSampleSize), ["sampleRemoved"] = new ArrayLimit(RuleLimits.PreviewSampleSize),
        ["expected"] = new ArrayLimit(64), ["children"] = new ArrayLimit(QueryLimits.MaxPredicates), ["tags"] = new ArrayLimit(UnboundedItems),
        ["items"] = new ArrayLimit(2 * TagAssignmentBatchService.MaxItems),
    };

    private static readonly Dictionary<(Type, string), ContractLimit> ByMember = new()
    {
        [(typeof(ActivityRequest), "type")] = Slug,
        [(typeof(ActivityRequest), "externalId")] = new StringLimit(ActivityLimits.ExternalIdMaxLength),
        [(typeof(ActivityItemRequest), "type")] = Slug,
        [(typeof(ActivityItemRequest), "externalId")] = new StringLimit(ActivityLimits.ExternalIdMaxLength),
        [(typeof(ActivityResponse), "externalId")] = new StringLimit(ActivityLimits.ExternalIdMaxLength),
        [(typeof(Features.Events.EventResponse), "type")] = new StringLimit(64),
        [(typeof(Features.BulkJobs.BulkJobResponse), "format")] = new StringLimit(8),
        [(typeof(Features.BulkJobs.BulkJobResponse), "failure")] = new StringLimit(Core.BulkJobs.BulkJobLimits.MaxMessageLength),
        [(typeof(Features.BulkJobs.BulkJobResponse), "download")] = new StringLimit(100),
        [(typeof(Features.Segments.SegmentQueryRequest), "limit")] = new IntegerLimit(0, PageRequest.MaxLimit),
        [(typeof(Features.TagAssignments.TagAssignmentBatchRequest), "add")] = new ArrayLimit(TagAssignmentBatchService.MaxItems),
        [(typeof(Features.TagAssignments.TagAssignmentBatchRequest), "remove")] = new ArrayLimit(TagAssignmentBatchService.MaxItems),
        [(typeof(Features.TagAssignments.ChangeCustomerTagsRequest), "add")] = new ArrayLimit(CustomerTagService.MaxTagsPerRequest),
        [(typeof(Features.TagAssignments.ChangeCustomerTagsRequest), "remove")] = new ArrayLimit(CustomerTagService.MaxTagsPerRequest),
        [(typeof(Features.TagAssignments.ChangeCustomerTagsResponse), "added")] = new ArrayLimit(2 * CustomerTagService.MaxTagsPerRequest),
        [(typeof(Features.TagAssignments.ChangeCustomerTagsResponse), "removed")] = new ArrayLimit(2 * CustomerTagService.MaxTagsPerRequest),
        [(typeof(Features.TagAssignments.ChangeCustomerTagsResponse), "data")] = new ArrayLimit(UnboundedItems),
        [(typeof(Features.TagAssignments.CustomerTagsResponse), "data")] = new ArrayLimit(UnboundedItems),
        [(typeof(Features.TagAssignments.TagAssignmentBatchResponse), "changes")] = new ArrayLimit(2 * TagAssignmentBatchService.MaxItems),
        [(typeof(RuleVersionsResponse), "data")] = new ArrayLimit(UnboundedItems),
        [(typeof(RuleRunResponse), "error")] = new StringLimit(RuleLimits.RunErrorMaxLength),
        [(typeof(RuleRunResponse), "id")] = Id,
        [(typeof(RecordActivitiesResponse), "data")] = new ArrayLimit(ActivityLimits.MaxBatch),
        [(typeof(ActivityImportResponse), "errors")] = new ArrayLimit(ActivityBulkImport.MaxReportedErrors),
        [(typeof(ActivityImportResponse), "job")] = Id,
        [(typeof(Features.Segments.ValidateQueryResponse), "errors")] = new ArrayLimit(UnboundedItems),
        [(typeof(WebhookTestResponse), "statusCode")] = new IntegerLimit(100, 599),
        [(typeof(Features.Health.HealthResponse), "status")] = new StringLimit(64),
        [(typeof(Features.Health.ReadinessResponse), "status")] = new StringLimit(64),
        [(typeof(Features.Health.ReadinessResponse), "database")] = new StringLimit(64),
        [(typeof(Features.Health.ReadinessResponse), "redis")] = new StringLimit(1024),
        [(typeof(Features.Rules.ExplainResponse), "bands")] = new ArrayLimit(RuleLimits.MaxBands),
        [(typeof(Features.Analytics.TagAnalyticsResponse), "categories")] = new ArrayLimit(UnboundedItems),
        [(typeof(Features.Analytics.CategoryCoverageResponse), "split")] = new ArrayLimit(UnboundedItems),
        [(typeof(Features.Analytics.TagOverlapResponse), "tags")] = new ArrayLimit(TagOverlapReader.MaxItems),
        [(typeof(Features.Analytics.TagOverlapResponse), "segments")] = new ArrayLimit(TagOverlapReader.MaxItems),
        [(typeof(Features.Analytics.TagOverlapResponse), "counts")] = new ArrayLimit(TagOverlapReader.MaxItems),
        [(typeof(Features.Analytics.TagOverlapResponse), "jaccard")] = new ArrayLimit(TagOverlapReader.MaxItems),
        [(typeof(Features.Analytics.TagOverlapResponse), "lift")] = new ArrayLimit(TagOverlapReader.MaxItems),
        [(typeof(Features.Analytics.TrendResponse), "points")] = new ArrayLimit(TrendRange.MaxPoints),
        [(typeof(Features.Analytics.TrendPointResponse), "net")] = new IntegerLimit(long.MinValue, long.MaxValue),
        [(typeof(Features.Analytics.TopValuesResponse), "city")] = new ArrayLimit(TagProfileReader.TopValues),
        [(typeof(Features.Analytics.TopValuesResponse), "source")] = new ArrayLimit(TagProfileReader.TopValues),
        [(typeof(Features.Analytics.TopValuesResponse), "country")] = new ArrayLimit(TagProfileReader.TopValues),
        [(typeof(Features.Analytics.TopValuesResponse), "gender")] = new ArrayLimit(TagProfileReader.TopValues),
        [(typeof(Features.Analytics.TopValuesResponse), "ageBand")] = new ArrayLimit(TagProfileReader.TopValues),
        [(typeof(Features.Analytics.ValueCountResponse), "value")] = new StringLimit(CustomerLimits.TextMaxLength),
        [(typeof(Features.Analytics.UnusedTagsResponse), "data")] = new ArrayLimit(UnboundedItems),
        [(typeof(Features.Analytics.UnusedTagsResponse), "days")] = new IntegerLimit(1, TagHygieneReader.MaxDays),
        [(typeof(Features.Analytics.UnusedTagResponse), "usedBy")] = new ArrayLimit(UnboundedItems),
        [(typeof(Features.Analytics.DuplicateTagsResponse), "data")] = new ArrayLimit(UnboundedItems),
        [(typeof(Features.Analytics.DuplicateTagPairResponse), "reasons")] = new ArrayLimit(2),
        [(typeof(Features.Analytics.DuplicateTagPairResponse), "foldedName")] = new StringLimit(FoldedNameMaxLength),
        [(typeof(Features.Value.RfmScoreResponse), "segment")] = ValueCode,
        [(typeof(Features.Value.RfmSegmentCountResponse), "segment")] = ValueCode,
        [(typeof(Features.Value.ValueModelResponse), "rfmReason")] = ValueCode,
        [(typeof(Features.Value.ValueModelResponse), "modelReason")] = ValueCode,
        [(typeof(Features.Value.ValueReasonsResponse), "recencyDays")] = ValueCode,
        [(typeof(Features.Value.ValueReasonsResponse), "rfm")] = ValueCode,
        [(typeof(Features.Value.ValueReasonsResponse), "pAlive")] = ValueCode,
        [(typeof(Features.Value.ValueReasonsResponse), "expectedPurchases90d")] = ValueCode,
        [(typeof(Features.Value.ValueReasonsResponse), "predictedClv365d")] = ValueCode,
        [(typeof(Features.Value.RfmEdgesResponse), "recencyDays")] = new ArrayLimit(4),
        [(typeof(Features.Value.RfmEdgesResponse), "frequency")] = new ArrayLimit(4),
        [(typeof(Features.Value.RfmEdgesResponse), "monetary")] = new ArrayLimit(4),
        [(typeof(Features.Value.RfmGridRowResponse), "customers")] = new ArrayLimit(5),
        [(typeof(Features.Value.ValueAnalyticsResponse), "rfmGrid")] = new ArrayLimit(5),
        [(typeof(Features.Value.ValueAnalyticsResponse), "segments")] = new ArrayLimit(Core.Value.RfmSegments.Count),
        [(typeof(Features.Value.DistributionResponse), "histogram")] = new ArrayLimit(Core.Value.ValueDistribution.Bins),
    };

    /// <summary>Query parameters whose name a body member also uses with another meaning (a list of keys as one comma-separated text).</summary>
    private static readonly Dictionary<string, ContractLimit> ParametersByName = new(StringComparer.Ordinal)
    {
        ["tags"] = new StringLimit(TagOverlapReader.MaxItems * (Math.Max(InputRules.KeyMaxLength, PublicId.Length) + 1)),
        ["segments"] = new StringLimit(TagOverlapReader.MaxItems * (Math.Max(InputRules.KeyMaxLength, PublicId.Length) + 1)),
        ["days"] = new IntegerLimit(1, TagHygieneReader.MaxDays),
        ["interval"] = new StringLimit(8),
        ["include"] = new StringLimit(16),
    };

    /// <summary>The limit of the query parameter <paramref name="name"/>, or null when none is stated.</summary>
    public static ContractLimit? FindParameter(string name) => ParametersByName.GetValueOrDefault(name) ?? ByName.GetValueOrDefault(name);

    /// <summary>Limits of the strings inside string arrays, by the array's JSON name.</summary>
    private static readonly Dictionary<string, StringLimit> ItemsByName = new(StringComparer.Ordinal)
    {
        ["add"] = IdOrKey, ["remove"] = IdOrKey, ["added"] = Key, ["removed"] = Key, ["tags"] = Key,
        ["sampleAdded"] = Id, ["sampleRemoved"] = Id, ["expected"] = new StringLimit(64), ["segments"] = Key, ["reasons"] = new StringLimit(16),
    };

    /// <summary>The limit of each string in the array member <paramref name="jsonName"/>, or null.</summary>
    public static StringLimit? FindItem(string jsonName) => ItemsByName.GetValueOrDefault(jsonName);

    /// <summary>The limit of a member of <paramref name="owner"/> (or of a query parameter when null), or null when none is stated.</summary>
    public static ContractLimit? Find(Type? owner, string jsonName) =>
        owner is not null && ByMember.TryGetValue((owner, jsonName), out var specific) ? specific
        : ByName.GetValueOrDefault(jsonName);
}
