using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Auth;
using TagApi.Api.DataProtection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Api.Tests.Segments;
using TagApi.Core.Data;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// Two server instances on one PostgreSQL database, sharing only the server key and the database: a secret one of them
/// encrypted, the other decrypts and signs with, and the other way round after a rotation.
/// </summary>
public sealed class WebhookSecretsAcrossNodesTests : IAsyncLifetime
{
    private readonly SharedDatabase _database = new("Postgres");
    private SharedDatabaseFactory? _first;
    private SharedDatabaseFactory? _second;

    public async Task InitializeAsync()
    {
        _first = await _database.StartAsync();
        _second = await _database.StartAsync();
    }

    public Task DisposeAsync() => _database.RemoveAsync();

    [Fact]
    public async Task Both_instances_sign_with_a_secret_either_of_them_stored()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var onFirst = await _first!.CreateTenantAsync();
        var onSecond = await new TenantSession(_second!, onFirst.TenantId, onFirst.Slug).WithClientAsync([.. Scopes.All]);
        var created = await onFirst.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created);
        var id = created["endpoint"]!.Str("id");

        await onSecond.PostAsync($"/v1/webhook-endpoints/{id}/test", null);
        Assert.True(StandardWebhookVerifier.Verify(created.Str("secret"), await receiver.WaitForAsync(_ => true), _second!.Clock.GetUtcNow()));

        var rotated = (await onSecond.PostAsync($"/v1/webhook-endpoints/{id}/rotate-secret", null)).Str("secret");
        await onFirst.PostAsync($"/v1/webhook-endpoints/{id}/test", null);
        await Eventually.WaitForAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 2);
        Assert.True(StandardWebhookVerifier.Verify(rotated, receiver.Received.Last(), _first.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task The_server_key_alone_decrypts_a_stored_secret()
    {
        var api = await _first!.CreateTenantAsync();
        var secret = (await api.PostAsync("/v1/webhook-endpoints", new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created))
            .Str("secret");
        var stored = await _first.InTenantAsync(api.TenantId, sp => sp.GetRequiredService<TagApiDbContext>().WebhookEndpoints.Select(e => e.Secret).SingleAsync());

        // A fresh Data Protection set-up that shares nothing with the nodes (no files, no database) but the server key.
        var bare = new ServiceCollection().AddLogging().AddTagApiDataProtection(_second!.Services.GetRequiredService<ServerKeys>());
        await using var provider = bare.BuildServiceProvider();

        Assert.Equal(secret, provider.GetRequiredService<IWebhookSecretProtector>().Unprotect(stored));
        Assert.Equal(_first.Services.GetRequiredService<ServerKeyRing>().KeyId, provider.GetRequiredService<ServerKeyRing>().KeyId);
    }
}
