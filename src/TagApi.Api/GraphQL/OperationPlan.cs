using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace TagApi.Api.GraphQL;

/// <summary>
/// What GraphQL.NET's validator works out anew for every request, even when no rule runs, but that depends
/// only on the schema and the operation: the graph type of each variable and which fields take arguments
/// (with their definitions). With it, <see cref="PlannedDocumentValidator"/> coerces a request's variable
/// values and the arguments that read them without walking the document again. An operation this plan does
/// not cover (<see cref="Covers"/> false) — variables of list or input-object type, default values, directives,
/// unions — is left to the library as it is.
/// </summary>
public sealed class OperationPlan
{
    private static readonly ConditionalWeakTable<GraphQLOperationDefinition, OperationPlan> Plans = [];

    private readonly PlannedVariable[] _variables;
    private readonly PlannedField[] _fields;

    private OperationPlan(GraphQLDocument document, GraphQLOperationDefinition operation, ISchema schema)
    {
        var walk = new Walk(document, schema);
        _variables = walk.Variables(operation);
        walk.Operation(operation);
        _fields = [.. walk.Fields];
        Covers = walk.Covers && _variables.All(v => v.Scalar is not null);
    }

    /// <summary>Whether requests of this operation can be coerced by the plan.</summary>
    public bool Covers { get; }

    /// <summary>The plan of an operation of a cached document (kept as long as the document is).</summary>
    public static OperationPlan For(GraphQLDocument document, GraphQLOperationDefinition operation, ISchema schema) =>
        Plans.GetValue(operation, o => new OperationPlan(document, o, schema));

    /// <summary>
    /// The validation result of a request with these variable values, or null when any value would not coerce
    /// (or needs a rule the plan does not model): then the library runs, so its errors are the ones reported.
    /// </summary>
    public ValidationResult? TryCoerce(GraphQLDocument document, Inputs inputs)
    {
        var variables = _variables.Length == 0 ? Variables.None : new Variables();
        foreach (var planned in _variables)
        {
            var variable = new Variable(planned.Name, planned.Definition);
            if (inputs.TryGetValue(planned.Name, out var value))
            {
                // A null, or a value the scalar refuses, gets the library's own error message.
                if (value is null || !TryParse(planned.Scalar!, value, out var parsed))
                {
                    return null;
                }

                variable.Value = parsed;
            }
            else if (planned.NonNull)
            {
                return null;
            }

            variables.Add(variable);
        }

        Dictionary<GraphQLField, IDictionary<string, ArgumentValue>>? arguments = null;
        foreach (var (field, definitions) in _fields)
        {
            try
            {
                if (ExecutionHelper.GetArguments(definitions, field.Arguments, variables, document, field, null) is { } values)
                {
                    (arguments ??= new(_fields.Length))[field] = values;
                }
            }
            catch (ValidationError)
            {
                return null;
            }
        }

        return new ValidationResult([]) { Variables = variables, ArgumentValues = arguments };
    }

    private static bool TryParse(ScalarGraphType scalar, object value, out object? parsed)
    {
        try
        {
            parsed = scalar.ParseValue(value);
            return true;
        }
#pragma warning disable CA1031 // any failure means "not covered": the library then reports it as it always does
        catch (Exception)
#pragma warning restore CA1031
        {
            parsed = null;
            return false;
        }
    }

    private sealed record PlannedVariable(string Name, GraphQLVariableDefinition Definition, ScalarGraphType? Scalar, bool NonNull);

    private sealed record PlannedField(GraphQLField Field, QueryArguments? Arguments);

    // Follows the library's argument parsing (DocumentValidator's ParseArgumentVisitor): from the operation's
    // root type into each field's type, inline fragments and each fragment once, recording the fields that carry
    // arguments. Anything it does not model makes the plan not cover the operation.
    private sealed class Walk(GraphQLDocument document, ISchema schema)
    {
        private readonly HashSet<ROM> _visitedFragments = [];

        public List<PlannedField> Fields { get; } = [];

        public bool Covers { get; private set; } = true;

        public PlannedVariable[] Variables(GraphQLOperationDefinition operation)
        {
            var definitions = operation.Variables?.Items ?? [];
            var variables = new PlannedVariable[definitions.Count];
            for (var i = 0; i < variables.Length; i++)
            {
                var definition = definitions[i];
                Check(definition);
                var nonNull = definition.Type is GraphQLNonNullType;
                var named = nonNull ? ((GraphQLNonNullType)definition.Type).Type : definition.Type;
                var scalar = named is GraphQLNamedType name ? schema.AllTypes[name.Name.Value] as ScalarGraphType : null;
                Covers &= definition.DefaultValue is null;
                variables[i] = new PlannedVariable(definition.Variable.Name.StringValue, definition, scalar, nonNull);
            }

            return variables;
        }

        public void Operation(GraphQLOperationDefinition operation)
        {
            Check(operation);
            IObjectGraphType? root = operation.Operation switch
            {
                OperationType.Query => schema.Query,
                OperationType.Mutation => schema.Mutation,
                OperationType.Subscription => schema.Subscription,
                _ => null,
            };
            if (root is not null)
            {
                Selections(operation.SelectionSet, root);
            }
        }

        private void Selections(GraphQLSelectionSet? selectionSet, IComplexGraphType type)
        {
            foreach (var selection in selectionSet?.Selections ?? [])
            {
                Check(selection);
                switch (selection)
                {
                    case GraphQLField field:
                        Field(field, type);
                        break;
                    case GraphQLInlineFragment inline:
                        Selections(inline.SelectionSet, inline.TypeCondition is { } condition ? TypeNamed(condition.Type.Name.Value) ?? type : type);
                        break;
                    case GraphQLFragmentSpread spread when _visitedFragments.Add(spread.FragmentName.Name.Value):
                        if (document.FindFragmentDefinition(spread.FragmentName.Name.Value) is { } fragment)
                        {
                            Check(fragment);
                            if (TypeNamed(fragment.TypeCondition.Type.Name.Value) is { } fragmentType)
                            {
                                Selections(fragment.SelectionSet, fragmentType);
                            }
                        }

                        break;
                }
            }
        }

        private void Field(GraphQLField field, IComplexGraphType type)
        {
            var name = field.Name.Value;
            var definition = name == schema.TypeMetaFieldType.Name ? schema.TypeMetaFieldType
                : name == schema.TypeNameMetaFieldType.Name ? schema.TypeNameMetaFieldType
                : name == schema.SchemaMetaFieldType.Name ? schema.SchemaMetaFieldType
                : type.Fields.Find(name);
            if (definition is null)
            {
                return;
            }

            if (field.Arguments is { Count: > 0 })
            {
                Fields.Add(new PlannedField(field, definition.Arguments));
            }

            switch (definition.ResolvedType?.GetNamedType())
            {
                case IComplexGraphType complex:
                    Selections(field.SelectionSet, complex);
                    break;
                case IAbstractGraphType:
                    Covers = false; // a union: the library keeps the parent type here; not worth modelling
                    break;
            }
        }

        // A type condition naming a complex type; a union (or anything else) is not modelled.
        private IComplexGraphType? TypeNamed(ROM name)
        {
            var type = schema.AllTypes[name]?.GetNamedType();
            Covers &= type is IComplexGraphType;
            return type as IComplexGraphType;
        }

        private void Check(ASTNode node) => Covers &= node is not IHasDirectivesNode { Directives.Count: > 0 };
    }
}
