using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TagApi.Client;
using TagApi.Client.Auth;
using TagApi.Client.Http;

// The conventional namespace for registration extensions, so `services.AddTagApiClient` needs no extra using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers <see cref="TagApiClient"/> with IHttpClientFactory.</summary>
public static class TagApiServiceCollectionExtensions
{
    /// <summary>The named client that requests tokens.</summary>
    public const string TokenClientName = "TagApi.Client.Token";

    /// <summary>
    /// Registers <see cref="TagApiClient"/> (and <see cref="ITagApiClient"/>) as a typed client with the SDK's handlers:
    /// problems → retries → token. Handlers added to the returned builder run inside them, next to the transport.
    /// </summary>
    public static IHttpClientBuilder AddTagApiClient(this IServiceCollection services, Action<TagApiClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TagApiClientOptions>().Configure(configure).Validate(Valid, "TagApiClientOptions: BaseAddress (absolute), ClientId and ClientSecret are required; MaxRetries 0–20.");
        services.AddHttpClient(TokenClientName).AddHttpMessageHandler(sp => new RetryHandler(Options(sp)));
        services.TryAddSingleton(sp => new ClientCredentialsTokenSource(
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(TokenClientName), Options(sp)));
        services.TryAddTransient<ITagApiClient>(sp => sp.GetRequiredService<TagApiClient>());
        return services
            .AddHttpClient<TagApiClient>((sp, http) => http.BaseAddress = TagApiClientOptions.WithTrailingSlash(Options(sp).BaseAddress!))
            .AddHttpMessageHandler(() => new ProblemHandler())
            .AddHttpMessageHandler(sp => new RetryHandler(Options(sp)))
            .AddHttpMessageHandler(sp => new ClientCredentialsHandler(sp.GetRequiredService<ClientCredentialsTokenSource>()));
    }

    private static TagApiClientOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<TagApiClientOptions>>().Value;

    private static bool Valid(TagApiClientOptions options)
    {
        try
        {
            options.Validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
