using System.Text.Json;
using System.Text.Json.Serialization;

namespace TagApi.Api.Common;

/// <summary>The wire format of the REST API: camelCase, string enums, unknown and repeated members refused.</summary>
public static class JsonSetup
{
    public static IServiceCollection AddTagApiJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        // Body binding failures are thrown so the exception handler can name the bad field.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // No silent mass assignment: a member the contract does not have is an error.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // {"name":"a","name":"b"} is ambiguous (parsers disagree on which wins), so it is refused rather than guessed.
        options.AllowDuplicateProperties = false;
        // A segment query at its nesting limit is deeper JSON than the default 64 allows.
        options.MaxDepth = 128;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new OptionalJsonConverterFactory());
        options.Converters.Add(new UtcDateTimeJsonConverter());
        options.Converters.Add(new JsonObjectConverter());
    }
}
