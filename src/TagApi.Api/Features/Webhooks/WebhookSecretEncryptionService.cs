using System.Diagnostics.CodeAnalysis;
using TagApi.Core.Data;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Features.Webhooks;

/// <summary>
/// Once at start, encrypts the webhook signing secrets still stored in clear (endpoints written before secrets were
/// encrypted at rest). Until then those secrets are read in clear, so deliveries never wait for it.
/// </summary>
public sealed partial class WebhookSecretEncryptionService(
    IServiceScopeFactory scopes, IWebhookSecretProtector secrets, ILogger<WebhookSecretEncryptionService> logger) : BackgroundService
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A failed pass is logged and tried again at the next start; secrets in clear keep working meanwhile.")]
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var encrypted = await WebhookSecretEncryption.EncryptSecretsInClearAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), secrets, stoppingToken);
            if (encrypted > 0)
            {
                LogEncrypted(logger, encrypted);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted the signing secrets of {Count} webhook endpoints stored in clear")]
    private static partial void LogEncrypted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Encrypting webhook signing secrets stored in clear failed; it is tried again at the next start")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
