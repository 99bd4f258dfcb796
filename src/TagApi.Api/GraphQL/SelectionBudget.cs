using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace TagApi.Api.GraphQL;

/// <summary>
/// Refuses, before any validation rule runs, a document whose selections multiply through fragments: a fragment
/// spreading the next one twice doubles with every level, so a document of a few hundred bytes can stand for
/// millions of fields, and both GraphQL.NET's validation and its complexity analysis expand every spread. Here
/// each fragment is measured once (fields of its own plus the measures of the fragments it spreads), so the
/// count of selections after expansion costs time linear in the document. The same walk counts the selections
/// of fields that evaluate a query or rule (<see cref="Evaluations"/>), which are capped per operation.
/// Measures are kept with the parsed document, so a cached document is not walked again.
/// </summary>
public sealed class SelectionBudget(IOptions<GraphQLOptions> options, TagApiSchema schema)
{
    private static readonly ConditionalWeakTable<GraphQLDocument, DocumentMeasure> Measures = [];
    private readonly GraphQLOptions _options = options.Value;

    /// <summary>The error refusing the document, or null when it is within the limits.</summary>
    public ExecutionError? Check(GraphQLDocument document, GraphQLOperationDefinition? operation)
    {
        if (!schema.Initialized)
        {
            schema.Initialize();
        }

        var measure = Measures.GetValue(document, d => DocumentMeasure.Of(d, schema));
        if (operation is not null && measure.Operations.TryGetValue(operation, out var selected) && selected.Evaluations > _options.MaxEvaluations)
        {
            return new ExecutionError(
                $"This operation evaluates segment queries or rules {selected.Evaluations} times; at most {_options.MaxEvaluations} evaluations "
                + "(segmentQuery, Segment.count, Segment.customers, customers(query:), validateSegmentQuery, explainCustomerTag, previewRule, runRule) are allowed per request.")
            {
                Code = GraphQLErrorCodes.TooManyEvaluations,
            };
        }

        return measure.Largest > _options.MaxSelections
            ? new ExecutionError(
                $"This document selects {Describe(measure.Largest)} fields once its fragments are expanded; at most {_options.MaxSelections} are allowed.")
            {
                Code = GraphQLErrorCodes.QueryTooComplex,
            }
            : null;
    }

    private static string Describe(long count) => count >= SelectionCount.Cap ? "more than " + SelectionCount.Cap.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What the walk found: per operation its expanded selections, and the largest expansion of the document.</summary>
    private sealed class DocumentMeasure
    {
        public Dictionary<GraphQLOperationDefinition, SelectionCount> Operations { get; } = [];

        /// <summary>The most selections any operation (all operations together) or any single fragment expands to.</summary>
        public long Largest { get; private set; }

        public static DocumentMeasure Of(GraphQLDocument document, ISchema schema)
        {
            var measure = new DocumentMeasure();
            var fragments = new FragmentMeasures(document, schema);
            var all = SelectionCount.Zero;
            foreach (var definition in document.Definitions)
            {
                switch (definition)
                {
                    case GraphQLOperationDefinition operation:
                        var count = fragments.Expand(SelectionWalk.Of(operation.SelectionSet, RootOf(schema, operation.Operation), schema));
                        measure.Operations.TryAdd(operation, count);
                        all += count;
                        break;
                    case GraphQLFragmentDefinition fragment:
                        measure.Largest = Math.Max(measure.Largest, fragments.Measure(fragment.FragmentName.Name.StringValue).Selections);
                        break;
                }
            }

            measure.Largest = Math.Max(measure.Largest, all.Selections);
            return measure;
        }

        private static IComplexGraphType? RootOf(ISchema schema, OperationType type) => type switch
        {
            OperationType.Query => schema.Query,
            OperationType.Mutation => schema.Mutation,
            OperationType.Subscription => schema.Subscription,
            _ => null,
        };
    }
}

/// <summary>Selections and evaluations, adding up without overflow (a count past <see cref="Cap"/> stays there).</summary>
public readonly record struct SelectionCount(long Selections, long Evaluations)
{
    public const long Cap = 1L << 40;

    public static SelectionCount Zero => default;

    public static SelectionCount operator +(SelectionCount a, SelectionCount b) => a.Add(b);

    public SelectionCount Add(SelectionCount other) =>
        new(Math.Min(Cap, Selections + other.Selections), Math.Min(Cap, Evaluations + other.Evaluations));
}
