namespace TagApi.Api.Tests.Infrastructure;

/// <summary>
/// Behaviour suites are abstract classes; each runs once per provider through a tiny subclass
/// that picks the factory, e.g. <c>TaggingCustomersOnSqlite : TaggingCustomersTests</c>.
/// </summary>
public abstract class ProviderSuite(TagApiFactory factory)
{
    protected TagApiFactory Factory { get; } = factory;
}
