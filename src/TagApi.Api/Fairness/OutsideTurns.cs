namespace TagApi.Api.Fairness;

/// <summary>
/// Endpoint metadata: the request does not take a turn. For transfers whose length is set by the client's bandwidth
/// (an upload, a streamed export), which would hold a turn while the cores are idle; they have limits of their own.
/// </summary>
public sealed class OutsideTurns
{
    public static readonly OutsideTurns Instance = new();

    private OutsideTurns()
    {
    }
}
