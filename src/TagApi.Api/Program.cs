using Microsoft.Extensions.Options;
using TagApi.Api;
using TagApi.Api.Auth;
using TagApi.Api.Cli;
using TagApi.Api.Common;
using TagApi.Api.Configuration;
using TagApi.Api.Cors;
using TagApi.Api.Database;
using TagApi.Api.DataProtection;
using TagApi.Api.Fairness;
using TagApi.Api.Features.Activities;
using TagApi.Api.Features.Analytics;
using TagApi.Api.Features.Value;
using TagApi.Api.Features.ApiClients;
using TagApi.Api.Features.BulkJobs;
using TagApi.Api.Features.Customers;
using TagApi.Api.Features.Health;
using TagApi.Api.Features.Rules;
using TagApi.Api.Features.Events;
using TagApi.Api.Features.Segments;
using TagApi.Api.Features.Webhooks;
using TagApi.Api.Features.TagAssignments;
using TagApi.Api.Features.TagCategories;
using TagApi.Api.Features.Tags;
using TagApi.Api.GraphQL;
using TagApi.Api.Idempotency;
using TagApi.Api.OpenApi;
using TagApi.Api.RateLimiting;
using TagApi.Api.Telemetry;
using TagApi.Core;
using TagApi.Core.Common;

var builder = WebApplication.CreateBuilder(args);
var isCommand = CommandLine.IsCommand(args);
if (isCommand)
{
    // Operator commands print one JSON line on stdout; logs go to stderr.
    builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
}

var keys = ServerKeys.Load(builder.Configuration.ReadSettings<AuthOptions>(), builder.Environment.ContentRootPath);
// Keyed from the server key every node shares, so all nodes give a row the same id and no id reveals a count.
PublicId.UseKey(keys.DeriveKey("public-ids"));
builder.Services.AddTagApiSettings(builder.Configuration);
builder.Services.AddTagApiDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddTagApiCore();
builder.Services.AddTagApiAuth(keys, builder.Configuration);
builder.Services.AddTagApiDataProtection(keys);
builder.Services.AddTagApiRateLimiting();
builder.Services.AddTagApiFairness();
builder.Services.AddTagApiHttp(keys);
builder.Services.AddTagApiWebhooks();
builder.Services.AddTagApiBackgroundWork(builder.Configuration);
builder.Services.AddTagApiBulkJobs();
builder.Services.AddTagApiOpenApi();
builder.Services.AddTagApiGraphQL(builder.Configuration);
builder.Services.AddTagApiIdempotency(keys);
builder.Services.AddTagApiCors();
builder.Services.AddTagApiTelemetry(builder.Configuration);

var app = builder.Build();
if (isCommand)
{
    return await CommandLine.RunAsync(app.Services, args, Console.Out, Console.Error, CancellationToken.None);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseTagApiCors();
app.UseMiddleware<UriLengthLimitMiddleware>();
app.UseMiddleware<TokenRateLimitMiddleware>();
app.UseBearerAuthentication();
app.UseMiddleware<TenantResolutionMiddleware>();
app.UseMiddleware<RateLimitMiddleware>();
app.UseAuthorization();
app.UseTenantTurns();
app.UseIdempotencyKeys();

app.MapTagApiOpenApi();
app.MapHealthEndpoints();
app.MapTokenEndpoint();
app.MapTagCategoryEndpoints();
app.MapTagEndpoints();
app.MapCustomerEndpoints();
app.MapTagAssignmentEndpoints();
app.MapActivityEndpoints();
app.MapBulkJobEndpoints();
app.MapRuleEndpoints();
app.MapExplainEndpoints();
app.MapApiClientEndpoints();
app.MapSegmentEndpoints();
app.MapSegmentQueryEndpoints();
app.MapWebhookEndpoints();
app.MapEventEndpoints();
app.MapAnalyticsEndpoints();
app.MapValueEndpoints();
app.MapTagApiGraphQL();
app.MapMemoryDiagnostics();

if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
{
    await DatabaseStartup.MigrateAsync(app.Services, app.Lifetime.ApplicationStopping);
}

// Seeded before the server takes requests, never silently outside Development (see DemoOptions).
var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.SeedsIn(app.Environment)
    ? await DemoSeeder.SeedIfEmptyAsync(app.Services, app.Lifetime.ApplicationStopping)
    : null;
await app.StartAsync();
if (demo is not null)
{
    await DemoSeeder.PrintAsync(demo, app.Urls.FirstOrDefault() ?? "http://localhost:5080", Console.Out, app.Lifetime.ApplicationStopping);
}

await app.WaitForShutdownAsync();
return 0;

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;
