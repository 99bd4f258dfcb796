using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;
using GraphQLParser.AST;

namespace TagApi.Api.GraphQL;

/// <summary>
/// The <c>@specifiedBy(url:)</c> directive of the GraphQL specification (§3.13), which GraphQL.NET does not define:
/// it names the document a custom scalar's wire format follows, so code generators can map it to a native type.
/// </summary>
public sealed class SpecifiedByDirective : Directive
{
    public SpecifiedByDirective()
        : base("specifiedBy", DirectiveLocation.Scalar)
    {
        Description = "Exposes a URL that specifies the behaviour of this scalar.";
        Arguments = new QueryArguments(new QueryArgument<NonNullGraphType<StringGraphType>>
        {
            Name = "url",
            Description = "The URL that specifies the behaviour of this scalar.",
        });
    }
}

/// <summary>
/// Describes the wire format of every custom scalar of the schema — ours and the ones GraphQL.NET brings — and
/// links the specification it follows where one exists. Applied once the schema's types exist, to the instances
/// the schema holds; applying again (another schema sharing a built-in instance) changes nothing.
/// </summary>
public sealed class ScalarWireFormats : BaseSchemaNodeVisitor
{
    private const string Rfc3339 = "https://www.rfc-editor.org/rfc/rfc3339";

    private static readonly Dictionary<string, (string Description, string? SpecifiedBy)> Formats = new(StringComparer.Ordinal)
    {
        ["DateTime"] = (
            "A point in time, written as an RFC 3339 date-time string in UTC with up to seven fractional digits, e.g. "
            + "\"2026-01-31T12:00:00Z\" or \"2026-01-31T12:00:00.1234567Z\". Inputs may carry another offset; they are converted to UTC.",
            Rfc3339),
        ["DateOnly"] = (
            "A calendar date without a time or zone, written as an RFC 3339 full-date string (yyyy-MM-dd), e.g. \"1990-05-17\".",
            Rfc3339 + "#section-5.6"),
        ["JSON"] = (
            "Any JSON value as defined by RFC 8259 — an object, array, string, number, boolean or null — written as itself, not as a string.",
            "https://www.rfc-editor.org/rfc/rfc8259"),
        ["Decimal"] = (
            "A decimal number written as a JSON number, e.g. 19.99, exact up to 28 significant digits (.NET System.Decimal); "
            + "it is never rounded through binary floating point.",
            null),
        ["Long"] = (
            "A signed 64-bit integer written as a JSON number, e.g. 9007199254740993; values beyond 2^53 lose precision "
            + "in JavaScript's Number, so read them with a big-integer aware JSON parser.",
            null),
    };

    /// <summary>
    /// Introspection's <c>__Type.specifiedByURL</c> (GraphQL October 2021), which GraphQL.NET 8 lacks: without it a
    /// client that introspects with <c>specifiedByUrl: true</c> (graphql-js' option) is refused, and the directive
    /// would be visible in the printed schema only.
    /// </summary>
    public override void VisitObject(IObjectGraphType type, ISchema schema)
    {
        if (type.Name == "__Type" && type.GetField("specifiedByURL") is null && schema.AllTypes["String"] is { } text)
        {
            type.AddField(new FieldType
            {
                Name = "specifiedByURL",
                Description = "The URL of the specification a custom scalar follows, if it names one.",
                ResolvedType = text,
                Resolver = new FuncFieldResolver<object?>(c => c.Source is ScalarGraphType scalar ? scalar.FindAppliedDirective("specifiedBy")?.FindArgument("url")?.Value : null),
            });
        }
    }

    public override void VisitScalar(ScalarGraphType type, ISchema schema)
    {
        if (!Formats.TryGetValue(type.Name, out var format))
        {
            return;
        }

        type.Description = format.Description;
        if (format.SpecifiedBy is { } url && type.FindAppliedDirective("specifiedBy") is null)
        {
            type.ApplyDirective("specifiedBy", "url", url);
        }
    }
}
