using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQLParser.AST;

namespace TagApi.Api.GraphQL;

/// <summary>
/// Fields that evaluate a segment query or a rule — the work a REST call such as <c>POST /v1/segments/query</c>
/// or <c>POST /v1/rules/{id}/preview</c> does once per request. They are marked here, in one place, so the cost
/// rule can price each selection at least as REST prices the call (<see cref="CostLimits"/>) and the selection
/// budget can cap how many an operation holds, aliases and fragments included (<see cref="SelectionBudget"/>).
/// </summary>
public static class Evaluations
{
    private const string MetadataKey = "tagapi:evaluates";
    private const string Always = "";

    /// <summary>Selecting this field evaluates a query or rule; with <paramref name="whenArgument"/>, only when that argument is given.</summary>
    public static FieldBuilder<TSource, TReturn> Evaluates<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string? whenArgument = null)
    {
        field.FieldType.Evaluates(whenArgument);
        return field;
    }

    /// <inheritdoc cref="Evaluates{TSource, TReturn}(FieldBuilder{TSource, TReturn}, string?)"/>
    public static FieldType Evaluates(this FieldType field, string? whenArgument = null)
    {
        field.WithMetadata(MetadataKey, whenArgument ?? Always);
        return field;
    }

    /// <summary>Whether this selection of the field evaluates (whether an argument is given is read from the document, never from variables).</summary>
    public static bool IsEvaluation(FieldType definition, GraphQLField selection) =>
        definition.GetMetadata<string?>(MetadataKey) switch
        {
            null => false,
            Always => true,
            var argument => selection.Arguments?.Items.Exists(a => a.Name.StringValue == argument) == true,
        };
}
