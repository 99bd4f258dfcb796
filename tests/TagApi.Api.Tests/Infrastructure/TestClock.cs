namespace TagApi.Api.Tests.Infrastructure;

/// <summary>A clock the tests move by hand; it starts at the real time so tokens stay valid.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
