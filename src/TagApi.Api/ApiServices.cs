using TagApi.Api.Auth;
using TagApi.Api.Common;
using TagApi.Api.Features.Customers;
using TagApi.Api.Features.TagAssignments;

namespace TagApi.Api;

/// <summary>Transport-level services of the REST API.</summary>
public static class ApiServices
{
    public static IServiceCollection AddTagApiHttp(this IServiceCollection services, ServerKeys keys)
    {
        services.AddTagApiJson();
        services.AddProblemDetails();
        services.AddExceptionHandler<TagApiExceptionHandler>();
        services.AddSingleton(new CursorCodec(keys.DeriveKey("cursor")));
        services.AddScoped<Paging>();
        services.AddScoped<CustomerResponseMapper>();
        services.AddScoped<Features.Segments.SegmentMembers>();
        services.AddHostedService<TagExpirySweeper>();
        services.AddHostedService<Features.Segments.IndexFollowerService>();
        return services;
    }
}
