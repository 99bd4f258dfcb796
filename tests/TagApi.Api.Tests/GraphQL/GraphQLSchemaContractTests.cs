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
        foreach (var type in Schema().AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && t is not ScalarGraphType { Name: "String" or "Int" or "Boolean" or "ID" or "Float" or "Long" or "Decimal" or "DateOnly" }))
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

    private TagApiSchema Schema()
    {
        var schema = factory.Services.GetRequiredService<TagApiSchema>();
        schema.Initialize();
        return schema;
    }
}
