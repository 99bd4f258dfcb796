namespace TagApi.Core.Webhooks;

/// <summary>Sizes of webhook endpoint fields, shared by validation, the storage model and the API description.</summary>
public static class WebhookLimits
{
    public const int UrlMaxLength = 2000;

    /// <summary>Reasons and errors recorded for an endpoint or an attempt are cut to this length.</summary>
    public const int ErrorMaxLength = 500;
}
