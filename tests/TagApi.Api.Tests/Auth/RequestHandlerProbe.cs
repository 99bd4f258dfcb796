namespace TagApi.Api.Tests.Auth;

/// <summary>Counts the requests an authentication request handler saw.</summary>
public sealed class RequestHandlerProbe
{
    private int _runs;

    public int Runs => _runs;

    public void Ran() => Interlocked.Increment(ref _runs);
}
