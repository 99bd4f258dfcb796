namespace TagApi.Api.Tests.Security;

/// <summary>The cases of the generic corpus covered by <see cref="PendingFixesTests"/> instead, until their fixes merge.</summary>
public static class PendingFixes
{
    public static bool Covers(OpenApiOperation operation, string input) => (operation.Key, input) is ("GET /v1/segments/{idOrKey}/customers", "limit=0");
}
