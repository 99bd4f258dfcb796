using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// TagApi on SQLite with webhook destinations checked as in production (no private destinations, no plain HTTP), its
/// name lookups answered by a <see cref="ScriptedHostResolver"/> so no test needs the internet.
/// </summary>
public sealed class ProductionWebhooksFactory : TagApiFactoryOnSqlite
{
    public ScriptedHostResolver Dns { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Webhooks:AllowPrivateDestinations", "false")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<IWebhookHostResolver>(Dns)));
    }
}
