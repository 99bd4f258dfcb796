using GraphQL;
using GraphQL.Types;
using TagApi.Api.Auth;
using TagApi.Api.GraphQL;
using TagApi.Core.Tenancy;
using static TagApi.Api.GraphQL.Payloads;

namespace TagApi.Api.Features.ApiClients;

/// <summary>GraphQL <c>ApiClient</c>: an integration's OAuth2 client, as REST's <see cref="ApiClientResponse"/>.</summary>
public sealed class ApiClientGraphType : ObjectGraphType<ApiClient>
{
    public ApiClientGraphType()
    {
        Name = "ApiClient";
        Description = "An integration's OAuth2 client-credentials client.";
        Field(c => c.ClientId).Description("The OAuth2 client id.");
        Field(c => c.Name).Description("Display name.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Description("Granted scopes.").Resolve(c => c.Source.ScopeList);
        Field(c => c.CreatedAt).Description("Creation time (UTC).");
        Field(c => c.DisabledAt, nullable: true).Description("When it was revoked, if it was.");
    }
}

/// <summary>Root GraphQL fields of API clients (<c>clients:manage</c>), calling <see cref="ApiClientService"/> as REST does.</summary>
public static class ApiClientGraphQL
{
    private const string List = "api-clients";

    public static void AddQueries(ObjectGraphType query) =>
        query.ConnectionField<ApiClientGraphType, object?>("apiClients", "The tenant's API clients, in creation order.")
            .RequireScope(Scopes.ClientsManage)
            .ResolveAsync(async c => Connections.From(c, List, await c.Service<ApiClientService>().ListAsync(Connections.PageOf(c, List), c.CancellationToken), x => x.Id));

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.AddMutation("createApiClient", "Create an API client; its secret is in this payload and never again.", Scopes.ClientsManage,
            Type("CreateApiClientPayload", "The new client and its secret.",
                ("apiClient", typeof(ApiClientGraphType), "The client; null when creation failed."),
                ("clientSecret", typeof(StringGraphType), "The OAuth2 client secret. Store it now: it cannot be shown again.")),
            Args(Arg<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes", "Scopes to grant; the caller must hold each of them."),
                Arg<StringGraphType>("name", "Display name.")),
            async c =>
            {
                var created = await c.Service<ApiClientService>().CreateAsync(
                    c.GetArgument<string?>("name"), c.GetArgument<List<string>>("scopes"), c.Service<TenantContext>().Scopes, c.CancellationToken);
                return new Payload { ["apiClient"] = created.Client, ["clientSecret"] = created.ClientSecret };
            });
        mutation.AddMutation("deleteApiClient", "Revoke an API client; its live tokens stop working within 30 seconds.", Scopes.ClientsManage,
            Type("DeleteApiClientPayload", "Which client was revoked.", ("deletedClientId", typeof(StringGraphType), "The revoked client id.")),
            Args(Arg<NonNullGraphType<StringGraphType>>("clientId", "The OAuth2 client id.")),
            async c =>
            {
                var clientId = c.GetArgument<string>("clientId");
                await c.Service<ApiClientService>().DisableAsync(clientId, c.CancellationToken);
                c.Service<ApiClientStatusCache>().Invalidate(clientId);
                return new Payload { ["deletedClientId"] = clientId };
            });
    }
}
