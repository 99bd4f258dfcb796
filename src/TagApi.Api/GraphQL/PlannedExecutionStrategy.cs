using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace TagApi.Api.GraphQL;

/// <summary>
/// The serial strategy of queries (one DbContext per request), which builds an object's child nodes from a
/// list of its fields kept per selection set and type, instead of collecting them into a dictionary and
/// looking each field's definition up again for every object of every request (a customer's ~25 fields, each
/// of its tags). Only a selection set of plain fields is kept — no fragment, no directive, no response key
/// twice — since for those collecting gives the same fields in the same order every time; any other goes
/// through the library's collection.
/// </summary>
public sealed class PlannedExecutionStrategy : SerialExecutionStrategy
{
    private static readonly ConditionalWeakTable<GraphQLSelectionSet, Planned> Plans = [];

    protected override void SetSubFieldNodes(ExecutionContext context, ObjectExecutionNode parent)
    {
        var type = (IGraphType?)parent.GetObjectGraphType(context.Schema) ?? parent.GraphType;
        if (parent.SelectionSet is not { } selectionSet || type?.GetNamedType() is not IComplexGraphType complex)
        {
            base.SetSubFieldNodes(context, parent);
            return;
        }

        var planned = Plans.GetValue(selectionSet, _ => new Planned());
        var fields = planned.For(complex) ?? planned.Add(complex, Plan(context.Schema, complex, selectionSet));
        if (fields.Length == 0)
        {
            base.SetSubFieldNodes(context, parent);
            return;
        }

        var nodes = new ExecutionNode[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var (field, definition) = fields[i];
            nodes[i] = BuildExecutionNode(parent, definition.ResolvedType!, field, definition);
        }

        parent.SubFields = nodes;
    }

    // The fields of a selection set of plain fields, in order; empty when the library must collect them.
    private (GraphQLField, FieldType)[] Plan(ISchema schema, IComplexGraphType type, GraphQLSelectionSet selectionSet)
    {
        var fields = new (GraphQLField, FieldType)[selectionSet.Selections.Count];
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++)
        {
            if (selectionSet.Selections[i] is not GraphQLField { Directives: null or { Count: 0 } } field
                || !keys.Add(field.Alias?.Name.StringValue ?? field.Name.StringValue)
                || GetFieldDefinition(schema, type, field) is not { ResolvedType: not null } definition)
            {
                return [];
            }

            fields[i] = (field, definition);
        }

        return fields;
    }

    // The plans of one selection set by object type (one in all but interface-typed fields); written rarely, read lock-free.
    private sealed class Planned
    {
        private readonly Lock _adding = new();
        private volatile KeyValuePair<IComplexGraphType, (GraphQLField, FieldType)[]>[] _byType = [];

        public (GraphQLField, FieldType)[]? For(IComplexGraphType type)
        {
            foreach (var (known, fields) in _byType)
            {
                if (ReferenceEquals(known, type))
                {
                    return fields;
                }
            }

            return null;
        }

        public (GraphQLField, FieldType)[] Add(IComplexGraphType type, (GraphQLField, FieldType)[] fields)
        {
            lock (_adding)
            {
                if (For(type) is { } known)
                {
                    return known;
                }

                _byType = [.. _byType, KeyValuePair.Create(type, fields)];
                return fields;
            }
        }
    }
}
