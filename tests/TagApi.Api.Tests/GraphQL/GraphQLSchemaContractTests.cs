using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.GraphQL;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

public sealed class GraphQLSchemaContractTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    [Fact]
    public async Task The_running_schema_equals_the_committed_sdl()
    {
        var sdl = Schema().Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true, StringComparison = StringComparison.Ordinal })
            .ReplaceLineEndings("\n").TrimEnd() + "\n";
        var path = RepositoryFiles.PathOf("api-specs/schema.graphql");
        if (RepositoryFiles.Updating)
        {
            await File.WriteAllTextAsync(path, sdl);
        }

        Assert.True(File.Exists(path), "api-specs/schema.graphql is missing; run scripts/update-specs.sh.");
        Assert.True(sdl == await File.ReadAllTextAsync(path),
            "The running GraphQL schema differs from api-specs/schema.graphql. If the change is deliberate, run scripts/update-specs.sh and commit the result.");
    }

    [Fact]
    public void Every_type_and_field_of_ours_has_a_description()
    {
        var missing = new List<string>();
        foreach (var type in Schema().AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && t is not ScalarGraphType { Name: "String" or "Int" or "Boolean" or "ID" or "Float" }))
        {
            if (string.IsNullOrWhiteSpace(type.Description))
            {
                missing.Add(type.Name);
            }

            if (type is IComplexGraphType complex)
            {
                missing.AddRange(complex.Fields.Where(f => string.IsNullOrWhiteSpace(f.Description)).Select(f => $"{type.Name}.{f.Name}"));
            }
        }

        Assert.True(missing.Count == 0, "Without description: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("DateTime", "https://www.rfc-editor.org/rfc/rfc3339")]
    [InlineData("DateOnly", "https://www.rfc-editor.org/rfc/rfc3339#section-5.6")]
    [InlineData("JSON", "https://www.rfc-editor.org/rfc/rfc8259")]
    [InlineData("Decimal", null)]
    [InlineData("Long", null)]
    public void Every_custom_scalar_describes_its_wire_format_and_links_its_specification(string name, string? url)
    {
        var scalar = Assert.IsAssignableFrom<ScalarGraphType>(Schema().AllTypes[name]);
        Assert.Contains("written as", scalar.Description, StringComparison.Ordinal);
        Assert.Equal(url, scalar.FindAppliedDirective("specifiedBy")?.FindArgument("url")?.Value as string);
    }

    [Fact]
    public async Task Introspection_answers_the_specification_url_of_a_scalar()
    {
        var api = await factory.CreateTenantAsync();

        var data = await api.GraphQLAsync("""{ dateTime: __type(name: "DateTime") { specifiedByURL } long: __type(name: "Long") { specifiedByURL } }""");

        Assert.Equal("https://www.rfc-editor.org/rfc/rfc3339", data["dateTime"]!.Str("specifiedByURL"));
        Assert.Null(data["long"]!["specifiedByURL"]);
    }

    [Fact]
    public void Connections_have_non_null_edges_and_nodes_and_a_total_count_only_where_it_is_answered()
    {
        var connections = Schema().AllTypes.OfType<IObjectGraphType>().Where(t => t.Name.EndsWith("Connection", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(connections);
        foreach (var connection in connections)
        {
            Assert.Equal("[" + connection.Name.Replace("Counted", "", StringComparison.Ordinal).Replace("Connection", "Edge", StringComparison.Ordinal) + "!]!",
                connection.GetField("edges")!.ResolvedType!.ToString());
            var edge = (IObjectGraphType)connection.GetField("edges")!.ResolvedType!.GetNamedType();
            Assert.IsAssignableFrom<NonNullGraphType>(edge.GetField("node")!.ResolvedType);
            Assert.Equal(connection.Name.StartsWith("Counted", StringComparison.Ordinal), connection.GetField("totalCount") is not null);
            Assert.True(connection.GetField("totalCount") is null or { ResolvedType: NonNullGraphType }, $"{connection.Name}.totalCount may be null");
        }
    }

    private TagApiSchema Schema()
    {
        var schema = factory.Services.GetRequiredService<TagApiSchema>();
        schema.Initialize();
        return schema;
    }
}
