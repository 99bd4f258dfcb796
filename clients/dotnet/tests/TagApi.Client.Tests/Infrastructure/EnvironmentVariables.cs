namespace TagApi.Client.Tests.Infrastructure;

/// <summary>
/// Sets TAGAPI_* for code that reads its settings from the environment (the README quick start, the example's
/// entry point) and restores them after; one holder at a time, because the environment is the process's.
/// </summary>
public sealed class EnvironmentVariables : IDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private readonly Dictionary<string, string?> _previous = [];

    private EnvironmentVariables()
    {
    }

    public static async Task<EnvironmentVariables> ForClientAsync(TagApiClientOptions options)
    {
        await Gate.WaitAsync();
        var scope = new EnvironmentVariables();
        scope.Set("TAGAPI_URL", options.BaseAddress!.AbsoluteUri);
        scope.Set("TAGAPI_CLIENT_ID", options.ClientId);
        scope.Set("TAGAPI_CLIENT_SECRET", options.ClientSecret);
        return scope;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Gate.Release();
    }

    private void Set(string name, string value)
    {
        _previous[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }
}
