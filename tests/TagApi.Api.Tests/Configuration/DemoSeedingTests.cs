using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Configuration;

/// <summary>
/// On an empty database the demo tenant (and its all-scope client, whose secret is printed) is created only in
/// Development or when <c>Demo:SeedOnFirstStart</c> is set to true: never silently in production.
/// </summary>
public sealed class DemoSeedingTests
{
    [Fact]
    public async Task Production_without_the_setting_creates_no_demo_tenant()
    {
        Assert.False(await HasDemoTenantAsync(seed: null, environment: "Production"));
    }

    [Fact]
    public async Task Production_asked_explicitly_creates_the_demo_tenant()
    {
        Assert.True(await HasDemoTenantAsync(seed: "true", environment: "Production"));
    }

    [Fact]
    public async Task Development_creates_the_demo_tenant_unless_told_not_to()
    {
        Assert.True(await HasDemoTenantAsync(seed: null, environment: "Development"));
        Assert.False(await HasDemoTenantAsync(seed: "false", environment: "Development"));
    }

    private static async Task<bool> HasDemoTenantAsync(string? seed, string environment)
    {
        // null clears the "false" every other test factory sets, leaving the setting unset.
        await using var factory = new ConfiguredSqliteFactory([new KeyValuePair<string, string?>("Demo:SeedOnFirstStart", seed)], environment);
        await factory.InitializeAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TenantService>().FindBySlugAsync("demo", CancellationToken.None) is not null;
    }
}
