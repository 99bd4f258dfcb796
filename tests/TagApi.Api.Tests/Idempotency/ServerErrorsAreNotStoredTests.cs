using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Data.Saving;

namespace TagApi.Api.Tests.Idempotency;

/// <summary>A fault switched on by a test: while armed, every save that derives something fails before its commit.</summary>
public sealed class SaveFault
{
    private volatile bool _armed;

    public bool Armed
    {
        get => _armed;
        set => _armed = value;
    }
}

/// <summary>Fails the save it runs in while its fault is armed (a server-side fault: the request gets a 500).</summary>
public sealed class FaultyStep(SaveFault fault) : IBeforeCommitStep
{
    public bool Pending => fault.Armed;

    public Task RunAsync(SaveInProgress save, CancellationToken ct) => throw new InvalidOperationException("The save failed on purpose.");
}

public sealed class FaultySaveSqliteFactory : TagApiFactoryOnSqlite
{
    public SaveFault Fault { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton(Fault).AddScoped<IBeforeCommitStep, FaultyStep>());
    }
}

public sealed class FaultySavePostgresFactory : TagApiFactoryOnPostgres
{
    public SaveFault Fault { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton(Fault).AddScoped<IBeforeCommitStep, FaultyStep>());
    }
}

/// <summary>A request that fails on the server (5xx) keeps no outcome: its retry with the same key runs again.</summary>
public abstract class ServerErrorsAreNotStoredTests(TagApiFactory factory, SaveFault fault) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_request_that_failed_with_a_server_error_runs_again_when_retried()
    {
        var api = await Factory.CreateTenantAsync();
        const string body = """{"key":"second-try","name":"Second try"}""";

        fault.Armed = true;
        SeenResponse failed;
        try
        {
            failed = await api.PostKeyedAsync("/v1/tags", body, "fails-first");
        }
        finally
        {
            fault.Armed = false;
        }

        var retried = await api.PostKeyedAsync("/v1/tags", body, "fails-first");
        var replayed = await api.PostKeyedAsync("/v1/tags", body, "fails-first");

        Assert.Equal((HttpStatusCode.InternalServerError, "internal_error"), (failed.Status, failed.Code));
        Assert.Equal((HttpStatusCode.Created, false), (retried.Status, retried.Replayed));
        Assert.True(replayed.Replayed);
        Assert.Equal(1, await api.EventCountAsync("tag.created"));
    }
}

public sealed class ServerErrorsAreNotStoredOnSqlite(FaultySaveSqliteFactory factory)
    : ServerErrorsAreNotStoredTests(factory, factory.Fault), IClassFixture<FaultySaveSqliteFactory>;

public sealed class ServerErrorsAreNotStoredOnPostgres(FaultySavePostgresFactory factory)
    : ServerErrorsAreNotStoredTests(factory, factory.Fault), IClassFixture<FaultySavePostgresFactory>;
