using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Core.Tenancy;
using TagApi.Core.Value;

namespace TagApi.Api.Features.Value;

/// <summary>REST endpoint of <c>/v1/analytics/value</c>: the tenant's RFM grid, segments, model fit and value distributions.</summary>
public static class ValueEndpoints
{
    public static IEndpointRouteBuilder MapValueEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapResourceGroup("/v1/analytics", "Analytics", Scopes.AnalyticsRead);
        read.MapGet("/value", AnalyseAsync).WithName("GetValueAnalytics")
            .WithSummary("Customer value: the RFM grid and named segments, the BG/NBD and Gamma-Gamma fit, distributions of pAlive and CLV");
        return app;
    }

    private static async Task<Ok<ValueAnalyticsResponse>> AnalyseAsync(CustomerValueReads reads, CancellationToken ct) =>
        TypedResults.Ok(ValueAnalyticsResponse.From(await reads.AnalyseAsync(ct)));
}
