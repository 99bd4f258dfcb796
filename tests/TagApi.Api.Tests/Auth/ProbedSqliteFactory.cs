using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Auth;

/// <summary>TagApi with one more authentication request handler, which counts the requests it sees.</summary>
public sealed class ProbedSqliteFactory : TagApiFactoryOnSqlite
{
    public RequestHandlerProbe Probe { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Probe);
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, CountingRequestHandler>("probe", null);
        });
    }
}
