namespace TagApi.Api.Auth;

/// <summary>Claims TagApi adds to its access tokens.</summary>
public static class ClaimNames
{
    /// <summary>The public id of the tenant the client belongs to.</summary>
    public const string Tenant = "tenant_id";

    /// <summary>The audience every access token is issued for.</summary>
    public const string Audience = "tagapi";
}
