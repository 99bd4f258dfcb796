namespace TagApi.Bench.Queries;

/// <summary>What SQL renderers need: the tenant, tag ids by key, and the database's dialect.</summary>
public sealed record SqlContext(long TenantId, IReadOnlyDictionary<string, long> TagIds, SqlDialect Dialect)
{
    public long Tag(string key) => TagIds[key];
}
