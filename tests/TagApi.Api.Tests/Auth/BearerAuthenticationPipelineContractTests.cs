using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Auth;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Auth;

/// <summary>
/// <c>UseBearerAuthentication()</c> sets ASP.NET Core's private <c>__AuthenticationMiddlewareSet</c> key so that
/// WebApplication does not put the standard authentication middleware (which runs every authentication request
/// handler, OpenIddict's included, on every request) in front of the pipeline by itself. These tests fail if a
/// framework update stops honouring that key, or stops adding the middleware by itself (then the key is not needed).
/// </summary>
public sealed class BearerAuthenticationPipelineContractTests(ProbedSqliteFactory factory) : IClassFixture<ProbedSqliteFactory>
{
    [Fact]
    public async Task WebApplication_adds_authentication_by_itself_unless_the_key_says_it_is_in_place()
    {
        Assert.Equal(1, await RequestHandlerRunsAsync(setKey: false));
        Assert.Equal(0, await RequestHandlerRunsAsync(setKey: true));
    }

    [Fact]
    public async Task A_request_with_a_token_already_validated_runs_no_authentication_request_handler()
    {
        var session = await factory.CreateTenantAsync(Scopes.TagsRead);
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/v1/tags")).StatusCode);
        var afterFirst = factory.Probe.Runs;
        Assert.True(afterFirst >= 1, "The standard path (a token seen for the first time) runs the request handlers.");

        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/v1/tags")).StatusCode);
        Assert.Equal(afterFirst, factory.Probe.Runs);
    }

    private static async Task<int> RequestHandlerRunsAsync(bool setKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var probe = new RequestHandlerProbe();
        builder.Services.AddSingleton(probe);
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, CountingRequestHandler>("probe", null);
        await using var app = builder.Build();
        if (setKey)
        {
            ((IApplicationBuilder)app).Properties[BearerAuthenticationPipeline.AuthenticationMiddlewareSet] = true;
        }

        app.MapGet("/", () => "ok");
        await app.StartAsync();
        using var client = app.GetTestClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        return probe.Runs;
    }
}
