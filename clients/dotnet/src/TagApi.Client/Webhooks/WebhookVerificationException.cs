namespace TagApi.Client.Webhooks;

/// <summary>A webhook failed verification: answer it with 400 and do not act on its body.</summary>
public sealed class WebhookVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebhookVerificationException()
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    public WebhookVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public WebhookVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
