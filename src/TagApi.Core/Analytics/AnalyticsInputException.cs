using TagApi.Core.Common;

namespace TagApi.Core.Analytics;

/// <summary>
/// An analytics request that cannot be answered as asked (400): too many tags, an unknown tag or segment, a range
/// with too many points. <see cref="TagApiException.Code"/> says which; <see cref="Field"/> names the parameter.
/// </summary>
public sealed class AnalyticsInputException(string code, string field, string message) : TagApiException(code, message)
{
    /// <summary>The query parameter at fault.</summary>
    public string Field { get; } = field;
}

/// <summary>The stable codes of <see cref="AnalyticsInputException"/>.</summary>
public static class AnalyticsErrorCodes
{
    public const string TooManyItems = "too_many_items";
    public const string UnknownTag = "unknown_tag";
    public const string UnknownSegment = "unknown_segment";
    public const string TooManyPoints = "too_many_points";
    public const string InvalidRange = "invalid_range";
}
