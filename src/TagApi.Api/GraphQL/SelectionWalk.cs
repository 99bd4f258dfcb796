using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;

namespace TagApi.Api.GraphQL;

/// <summary>
/// One selection set's own share of a <see cref="SelectionBudget"/>: the fields written in it (nested selections and
/// inline fragments included, which the parser bounds in depth) and the fragments it spreads, each spread listed
/// once per occurrence so that two spreads of one fragment count it twice, as execution would see it.
/// </summary>
public sealed class SelectionWalk
{
    private SelectionWalk()
    {
    }

    public SelectionCount Own { get; private set; }

    public List<string> Spreads { get; } = [];

    /// <summary>Walks a selection set whose fields belong to <paramref name="type"/> (null when unknown: fields still count).</summary>
    public static SelectionWalk Of(GraphQLSelectionSet? selectionSet, IComplexGraphType? type, ISchema schema)
    {
        var walk = new SelectionWalk();
        walk.Visit(selectionSet, type, schema);
        return walk;
    }

    private void Visit(GraphQLSelectionSet? selectionSet, IComplexGraphType? type, ISchema schema)
    {
        foreach (var selection in selectionSet?.Selections ?? [])
        {
            switch (selection)
            {
                case GraphQLField field:
                    var definition = type?.GetField(field.Name.Value);
                    var evaluates = definition is not null && Evaluations.IsEvaluation(definition, field);
                    Own += new SelectionCount(1, evaluates ? 1 : 0);
                    if (field.SelectionSet is not null)
                    {
                        Visit(field.SelectionSet, definition?.ResolvedType?.GetNamedType() as IComplexGraphType, schema);
                    }

                    break;
                case GraphQLInlineFragment inline:
                    Visit(inline.SelectionSet, inline.TypeCondition is { } condition ? TypeNamed(schema, condition.Type.Name.Value) : type, schema);
                    break;
                case GraphQLFragmentSpread spread:
                    Spreads.Add(spread.FragmentName.Name.StringValue);
                    break;
            }
        }
    }

    public static IComplexGraphType? TypeNamed(ISchema schema, GraphQLParser.ROM name) => schema.AllTypes[name] as IComplexGraphType;
}

/// <summary>
/// The expanded measure of each fragment of a document, computed once per fragment, fragments spreading
/// fragments resolved with an explicit stack (a chain of thousands of fragments does not recurse). A fragment
/// that takes part in a cycle, or names no definition, counts as empty here: validation refuses it anyway.
/// </summary>
public sealed class FragmentMeasures(GraphQLDocument document, ISchema schema)
{
    private readonly Dictionary<string, GraphQLFragmentDefinition> _definitions = Definitions(document);
    private readonly Dictionary<string, SelectionCount> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SelectionWalk> _walks = new(StringComparer.Ordinal);

    /// <summary>A selection set's own measure plus the expanded measure of every fragment it spreads.</summary>
    public SelectionCount Expand(SelectionWalk walk)
    {
        var total = walk.Own;
        foreach (var name in walk.Spreads)
        {
            total += Measure(name);
        }

        return total;
    }

    /// <summary>The expanded measure of the named fragment.</summary>
    public SelectionCount Measure(string name)
    {
        if (_done.TryGetValue(name, out var known))
        {
            return known;
        }

        var onStack = new HashSet<string>(StringComparer.Ordinal) { name };
        var stack = new Stack<(string Name, int Next)>();
        stack.Push((name, 0));
        while (stack.Count > 0)
        {
            var (current, next) = stack.Pop();
            var walk = WalkOf(current);
            var pushed = false;
            for (var i = next; walk is not null && i < walk.Spreads.Count; i++)
            {
                var spread = walk.Spreads[i];
                if (!_done.ContainsKey(spread) && onStack.Add(spread))
                {
                    stack.Push((current, i + 1));
                    stack.Push((spread, 0));
                    pushed = true;
                    break;
                }
            }

            if (!pushed)
            {
                // Every spread is measured now, except those on the stack: a cycle, which counts as nothing.
                var total = walk?.Own ?? SelectionCount.Zero;
                foreach (var spread in walk?.Spreads ?? [])
                {
                    total += _done.GetValueOrDefault(spread);
                }

                _done[current] = total;
                onStack.Remove(current);
            }
        }

        return _done[name];
    }

    private SelectionWalk? WalkOf(string name)
    {
        if (_walks.TryGetValue(name, out var walk))
        {
            return walk;
        }

        if (!_definitions.TryGetValue(name, out var fragment))
        {
            return null;
        }

        walk = SelectionWalk.Of(fragment.SelectionSet, SelectionWalk.TypeNamed(schema, fragment.TypeCondition.Type.Name.Value), schema);
        _walks[name] = walk;
        return walk;
    }

    // The first definition of each name, as the library finds it; a duplicate name is refused by validation.
    private static Dictionary<string, GraphQLFragmentDefinition> Definitions(GraphQLDocument document)
    {
        var definitions = new Dictionary<string, GraphQLFragmentDefinition>(StringComparer.Ordinal);
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            definitions.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        }

        return definitions;
    }
}
