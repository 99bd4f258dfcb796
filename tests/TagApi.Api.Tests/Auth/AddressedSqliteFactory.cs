using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Auth;

/// <summary>
/// TagApi whose requests come from the address a test names in <c>X-Test-Remote-Address</c> (the test server has none),
/// with the default address allowance (the other factories raise it) and the default failure allowances refilled only
/// once a minute, so none comes back while a test runs.
/// </summary>
public sealed class AddressedSqliteFactory : TagApiFactoryOnSqlite
{
    public const string AddressHeader = "X-Test-Remote-Address";

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("RateLimiting:Token:Address:Burst", "100"),
        new("RateLimiting:Token:Address:PerMinute", "300"),
        new("RateLimiting:Token:ClientFailures:PerMinute", "1"),
        new("RateLimiting:Token:AddressFailures:PerMinute", "1"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, RemoteAddressFromHeader>());
    }

    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, inner) =>
            {
                if (context.Request.Headers.TryGetValue(AddressHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                return inner(context);
            });
            next(app);
        };
    }
}
