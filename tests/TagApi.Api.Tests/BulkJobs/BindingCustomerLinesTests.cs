using System.Text.Json;
using System.Text.Json.Nodes;
using TagApi.Api.Common;
using TagApi.Api.Features.BulkJobs;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;
using TagApi.Core.Customers;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>
/// A customers.import line bound by the import's own reader (<see cref="CustomerLines"/>) is the input the API's JSON
/// settings bind from the same body; every line it does not take is left to the serializer, which then binds or refuses
/// it as it does a REST body.
/// </summary>
public sealed class BindingCustomerLinesTests
{
    private static readonly JsonSerializerOptions Api = ApiOptions();

    private static readonly BulkJob Ndjson = new() { Kind = BulkJobKinds.CustomersImport, Status = BulkJobStatus.Running, Format = "ndjson" };

    public static TheoryData<string> Taken =>
    [
        """{"externalId":"c1"}""",
        """{"externalId":"c1","type":"company","name":"Acme","email":"a@example.com","phone":"+86 138","gender":"female","birthDate":"1990-01-31","country":"CN","region":"Guangdong","city":"Shenzhen","industry":"retail","source":"offline","sourceDetail":"fair","locale":"zh-CN","attributes":{"tier":"gold","score":1.50,"tags":["a",{"b":null}],"nested":{"x":{"y":true}}}}""",
        """ { "name" : null , "type" : null, "birthDate": null, "source": null, "attributes": null, "externalId": "c\u0032\n" } """,
        """{"externalId":null,"city":"Z\u00fcrich \ud83d\ude00","attributes":{}}""",
        """{"external\u0049d":"c3","birthDate":"2000-02-29"}""",
        """{}""",
    ];

    public static TheoryData<string> LeftToTheSerializer =>
    [
        """{"ExternalId":"c1"}""",
        """{"externalId":"c1","externalId":"c2"}""",
        """{"externalId":"c1","unknown":1}""",
        """{"externalId":1}""",
        """{"externalId":"c1","type":"Company"}""",
        """{"externalId":"c1","type":0}""",
        """{"externalId":"c1","birthDate":"1990-1-31"}""",
        """{"externalId":"c1","birthDate":"1990-02-30"}""",
        """{"externalId":"c1","birthDate":"1990-01-31T00:00:00"}""",
        """{"externalId":"c1","attributes":[1]}""",
        """{"externalId":"c1","attributes":{"a":1,"a":2}}""",
        """{"externalId":"c1"} {"externalId":"c2"}""",
        """{"externalId":"c1",}""",
        """{"externalId":"c1"/* note */}""",
        """[{"externalId":"c1"}]""",
        """null""",
        """{"externalId":"c1\""",
        "\"not json",
        """{"externalId":"c1","name":"\ud800"}""",
    ];

    [Theory]
    [MemberData(nameof(Taken))]
    public void A_plain_line_binds_as_the_serializer_binds_it(string line)
    {
        var fast = CustomerLines.TryBind(Ndjson, new BulkLine(1, line));

        Assert.NotNull(fast);
        var slow = JsonSerializer.Deserialize<CustomerInput>(line, Api)!;
        Assert.Equal(Describe(slow), Describe(fast));
    }

    [Theory]
    [MemberData(nameof(LeftToTheSerializer))]
    public void Any_other_line_is_left_to_the_serializer(string line) => Assert.Null(CustomerLines.TryBind(Ndjson, new BulkLine(1, line)));

    [Fact]
    public void A_line_that_is_not_utf16_is_left_to_the_serializer() =>
        Assert.Null(CustomerLines.TryBind(Ndjson, new BulkLine(1, "{\"externalId\":\"c1\",\"name\":\"\ud800\"}")));

    [Fact]
    public void A_csv_row_binds_as_its_json_does()
    {
        var csv = new BulkJob { Kind = BulkJobKinds.CustomersImport, Status = BulkJobStatus.Running, Format = "csv", CsvHeader = "externalId,city,attributes.tier" };
        var line = new BulkLine(2, "c1,\"Shang, hai\",gold");

        var fast = CustomerLines.TryBind(csv, line);

        Assert.NotNull(fast);
        Assert.Equal(Describe(JsonSerializer.Deserialize<CustomerInput>(BulkLines.ToJson(csv, line.Text), Api)!), Describe(fast));
    }

    private static JsonSerializerOptions ApiOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonSetup.Configure(options);
        return options;
    }

    // Every member: whether it was given, and its value (attributes as their JSON).
    private static string Describe(CustomerInput input)
    {
        static string Of<T>(Optional<T> value) => value.IsSet ? $"set:{value.Value?.ToString() ?? "null"}" : "unset";
        var attributes = input.Attributes.IsSet ? "set:" + (input.Attributes.Value?.ToJsonString() ?? "null") : "unset";
        return string.Join("|", Of(input.ExternalId), Of(input.Type), Of(input.Name), Of(input.Email), Of(input.Phone), Of(input.Gender),
            Of(input.BirthDate), Of(input.Country), Of(input.Region), Of(input.City), Of(input.Industry), Of(input.Source), Of(input.SourceDetail),
            Of(input.Locale), attributes);
    }
}
