using TagApi.Client;

namespace ShopSync;

/// <summary>
/// Usage: set TAGAPI_URL, TAGAPI_CLIENT_ID and TAGAPI_CLIENT_SECRET (a client with the customers, activities,
/// tags, rules, segments and webhooks scopes), then <c>dotnet run --project examples/shop-sync/dotnet [data-dir]</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var api = TagApiClient.Create(TagApiClientOptions.FromEnvironment());
        var data = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data");
        try
        {
            var report = await new ShopSyncApp(api, Console.Out).RunAsync(data, TimeSpan.FromSeconds(30));
            return report.Complete ? 0 : 1;
        }
        catch (TagApiProblemException e)
        {
            await Console.Error.WriteLineAsync($"TagApi refused: {e.Status} {e.Code}: {e.Detail}");
            return 2;
        }
    }
}
