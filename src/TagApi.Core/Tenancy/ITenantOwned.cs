namespace TagApi.Core.Tenancy;

/// <summary>
/// Marks an entity that belongs to a tenant. The DbContext filters every query by the current
/// tenant and stamps <see cref="TenantId"/> on insert, so services never handle it by hand.
/// </summary>
public interface ITenantOwned
{
    long TenantId { get; set; }
}
