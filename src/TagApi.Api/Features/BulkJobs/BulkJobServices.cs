namespace TagApi.Api.Features.BulkJobs;

/// <summary>Registration of bulk jobs: the starters, one processor per kind and the runner (this node's worker is one of the background workers).</summary>
public static class BulkJobServices
{
    public static IServiceCollection AddTagApiBulkJobs(this IServiceCollection services)
    {
        services.AddScoped<BulkJobStarter>();
        services.AddScoped<BulkJobUpload>();
        services.AddScoped<BulkJobInRequest>();
        services.AddScoped<IBulkJobProcessor, CustomerImportProcessor>();
        services.AddScoped<IBulkJobProcessor, TagAssignmentImportProcessor>();
        services.AddScoped<IBulkJobProcessor, ActivityImportProcessor>();
        services.AddScoped<IBulkJobProcessor, SegmentTagProcessor>();
        services.AddScoped<IBulkJobProcessor, CustomerExportProcessor>();
        services.AddSingleton<BulkJobSignal>();
        services.AddSingleton<BulkJobRunner>();
        services.AddSingleton<BulkJobStatistics>();
        return services;
    }
}
