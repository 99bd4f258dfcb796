using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Data;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// Signing secrets are encrypted at rest: the stored columns never hold a secret, deliveries still sign with it, and the
/// API shows it only where it always did (creation and rotation). Secrets stored in clear before keep signing and are
/// encrypted by the pass each node runs at start.
/// </summary>
public abstract class WebhookSecretsAtRestTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task The_stored_columns_never_hold_the_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created);
        var id = created["endpoint"]!.Str("id");
        var first = created.Str("secret");
        var rotated = (await api.PostAsync($"/v1/webhook-endpoints/{id}/rotate-secret", null)).Str("secret");

        var (secret, previous) = await StoredAsync(api.TenantId);
        Assert.StartsWith("dp1:", secret, StringComparison.Ordinal);
        Assert.StartsWith("dp1:", previous, StringComparison.Ordinal);
        foreach (var plain in new[] { first, rotated, first[6..], rotated[6..] })
        {
            Assert.DoesNotContain(plain, secret, StringComparison.Ordinal);
            Assert.DoesNotContain(plain, previous, StringComparison.Ordinal);
        }

        Assert.Null((await api.GetAsync($"/v1/webhook-endpoints/{id}"))["secret"]);
        await api.PostAsync($"/v1/webhook-endpoints/{id}/test", null);
        var ping = await receiver.WaitForAsync(_ => true);
        Assert.True(StandardWebhookVerifier.Verify(rotated, ping, Factory.Clock.GetUtcNow()));
        Assert.True(StandardWebhookVerifier.Verify(first, ping, Factory.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_secret_stored_in_clear_keeps_signing_and_is_encrypted_at_start()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        var id = (await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created))["endpoint"]!.Str("id");
        // As an endpoint written before secrets were encrypted left it.
        var legacy = WebhookSigner.NewSecret();
        await Factory.InTenantAsync(api.TenantId, sp =>
            sp.GetRequiredService<TagApiDbContext>().WebhookEndpoints.ExecuteUpdateAsync(s => s.SetProperty(e => e.Secret, legacy)));

        await api.PostAsync($"/v1/webhook-endpoints/{id}/test", null);
        Assert.True(StandardWebhookVerifier.Verify(legacy, await receiver.WaitForAsync(_ => true), Factory.Clock.GetUtcNow()));

        // The pass WebhookSecretEncryptionService runs when a node starts.
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var encrypted = await WebhookSecretEncryption.EncryptSecretsInClearAsync(
                scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), scope.ServiceProvider.GetRequiredService<IWebhookSecretProtector>(), CancellationToken.None);
            Assert.True(encrypted >= 1);
        }

        var (stored, _) = await StoredAsync(api.TenantId);
        Assert.StartsWith("dp1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(legacy[6..], stored, StringComparison.Ordinal);
        await api.PostAsync($"/v1/webhook-endpoints/{id}/test", null);
        await Eventually.WaitForAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 2);
        Assert.True(StandardWebhookVerifier.Verify(legacy, receiver.Received.Last(), Factory.Clock.GetUtcNow()));
    }

    private Task<(string Secret, string? Previous)> StoredAsync(long tenantId) =>
        Factory.InTenantAsync(tenantId, async sp =>
        {
            var row = await sp.GetRequiredService<TagApiDbContext>().WebhookEndpoints.AsNoTracking().SingleAsync();
            return (row.Secret, row.PreviousSecret);
        });
}

public sealed class WebhookSecretsAtRestOnSqlite(SqliteTagApiFactory factory) : WebhookSecretsAtRestTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class WebhookSecretsAtRestOnPostgres(PostgresTagApiFactory factory) : WebhookSecretsAtRestTests(factory), IClassFixture<PostgresTagApiFactory>;
