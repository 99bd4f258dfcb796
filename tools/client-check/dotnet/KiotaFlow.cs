using System.Net.Http.Headers;
using ClientCheck.Kiota;
using ClientCheck.Kiota.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace ClientCheck;

internal static class KiotaFlow
{
    public static async Task RunAsync(string baseUrl, string clientId, string clientSecret)
    {
        using var http = new HttpClient();
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUrl };
        var api = new TagApiClient(adapter);
        var token = await api.Connect.Token.PostAsync(new TokenRequest { GrantType = "client_credentials", ClientId = clientId, ClientSecret = clientSecret });
        Check.That(token?.TokenType == TokenType.Bearer && token.ExpiresIn > 0, "token");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);

        var tag = await api.V1.Tags.PostAsync(new CreateTagRequest { Key = "kiota_vip", Name = "Kiota VIP", Color = "#228BE6" },
            c => c.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()));
        Check.That(tag?.Key == "kiota_vip", "create tag");

        var customer = await api.V1.Customers.ByExternalId["kiota-1001"].PutAsync(new CustomerInput
        {
            Name = "Han Meimei",
            City = "Shanghai",
            Source = CustomerSource.Offline,
            Attributes = new JsonObject { AdditionalData = new Dictionary<string, object> { ["vipLevel"] = 4 } },
        });
        Check.That(customer?.ExternalId == "kiota-1001" && customer.Attributes?.AdditionalData.ContainsKey("vipLevel") == true, "upsert with attributes");

        var changed = await api.V1.Customers[customer!.Id].Tags.PostAsync(new ChangeCustomerTagsRequest { Add = ["kiota_vip"] });
        Check.That(changed?.Added?.Contains("kiota_vip") == true, "tag the customer");

        var tags = await api.V1.Tags.GetAsync(c => c.QueryParameters.Q = "kiota");
        Check.That(tags?.Data?.Any(t => t.Key == "kiota_vip" && t.CustomerCount == 1) == true, "list tags");

        var members = await api.V1.Segments.Query.PostAsync(new SegmentQueryRequest { Query = "tag = 'kiota_vip' AND attributes.vipLevel >= 4", Limit = 10 });
        Check.That(members?.Count == 1 && members.Data?.Single().Id == customer.Id, "segment query");

        var invalid = await Expect(() => api.V1.Tags.PostAsync(new CreateTagRequest { Key = "Not A Key", Name = "x" }));
        Check.That(invalid.ResponseStatusCode == 400 && invalid.Code == ProblemCode.Validation_failed, "typed 400 problem");
        var missing = await Expect(() => api.V1.Tags["no_such_tag"].GetAsync());
        Check.That(missing.ResponseStatusCode == 404 && missing.Code == ProblemCode.Not_found, "typed 404 problem");
    }

    private static async Task<Problem> Expect(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Problem problem)
        {
            return problem;
        }

        throw new InvalidOperationException("Expected a problem.");
    }
}
