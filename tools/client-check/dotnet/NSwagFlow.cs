using System.Net.Http.Headers;
using ClientCheck.NSwag;

namespace ClientCheck;

internal static class NSwagFlow
{
    public static async Task RunAsync(string baseUrl, string clientId, string clientSecret)
    {
        using var http = new HttpClient();
        var api = new TagApiClient(http) { BaseUrl = baseUrl };
        var token = await api.RequestTokenAsync(new TokenRequest { Grant_type = "client_credentials", Client_id = clientId, Client_secret = clientSecret });
        Check.That(token.Token_type == TokenType.Bearer && token.Expires_in > 0, "token");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Access_token);

        var tag = await api.CreateTagAsync(Guid.NewGuid().ToString(), new CreateTagRequest { Key = "nswag_vip", Name = "NSwag VIP", Color = "#E64980" });
        Check.That(tag.Key == "nswag_vip" && tag.Id.StartsWith("tag_", StringComparison.Ordinal), "create tag");

        var customer = await api.UpsertCustomerAsync("nswag-1001", null, null, new CustomerInput
        {
            Name = "Li Lei",
            City = "Shanghai",
            Source = CustomerSource.Online,
            Attributes = new JsonObject { ["vipLevel"] = 3 },
        });
        Check.That(customer.ExternalId == "nswag-1001" && customer.Attributes.ContainsKey("vipLevel"), "upsert with attributes");
        Check.That(customer.BirthDate is null && customer.Source == CustomerSource.Online, "unsent members stay unset");

        var changed = await api.ChangeCustomerTagsAsync(customer.Id, null, new ChangeCustomerTagsRequest { Add = ["nswag_vip"] });
        Check.That(changed.Added.Contains("nswag_vip"), "tag the customer");

        var tags = await api.ListTagsAsync(50, null, null, null, "nswag", null);
        Check.That(tags.Data.Any(t => t.Key == "nswag_vip" && t.CustomerCount == 1), "list tags");

        var members = await api.QuerySegmentAsync(null, new SegmentQueryRequest { Query = "tag = 'nswag_vip' AND attributes.vipLevel >= 3", Limit = 10 });
        Check.That(members.Count == 1 && members.Data.Single().Id == customer.Id, "segment query");

        var invalid = await Expect<ApiException<Problem>>(() => api.CreateTagAsync(null, new CreateTagRequest { Key = "Not A Key", Name = "x" }));
        Check.That(invalid.StatusCode == 400 && invalid.Result.Code == ProblemCode.Validation_failed && invalid.Result.Errors!.ContainsKey("key"), "typed 400 problem");
        var missing = await Expect<ApiException<Problem>>(() => api.GetTagAsync("no_such_tag", null));
        Check.That(missing.StatusCode == 404 && missing.Result.Code == ProblemCode.Not_found, "typed 404 problem");
    }

    private static async Task<T> Expect<T>(Func<Task> call)
        where T : Exception
    {
        try
        {
            await call();
        }
        catch (T expected)
        {
            return expected;
        }

        throw new InvalidOperationException($"Expected {typeof(T).Name}.");
    }
}
