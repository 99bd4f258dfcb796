using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using GraphQL;
using GraphQLParser.AST;

namespace TagApi.Api.GraphQL;

/// <summary>
/// The operations of one cached document that passed every per-request rule, with the cost and
/// depth they were found to have. Those rules read nothing but the document, the operation, the
/// caller's scopes (<see cref="ScopeValidationRule"/>) and, for the cost, the values of
/// <c>first</c>/<c>last</c> — <c>Int</c> arguments, so only <c>Int</c> variables can feed them — and
/// whether an argument was given at all (<see cref="CostLimits"/>). An operation asked again with
/// the same of each therefore has the same outcome: it skips the rules, and only its cost is charged.
/// </summary>
public sealed class ValidatedOperations(GraphQLDocument document)
{
    // Bounded per document: a document called with many different page sizes or scope sets keeps the first ones.
    private const int MaxEntries = 64;
    private readonly ConcurrentDictionary<string, OperationCost> _passed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _intVariables = IntVariables(document);

    /// <summary>The key of this request's outcome, or null when its variables are not plain values (then the rules run).</summary>
    public string? KeyFor(string? operationName, IReadOnlySet<string> scopes, Inputs? variables)
    {
        var key = new StringBuilder(operationName).Append('\n');
        foreach (var scope in scopes.Order(StringComparer.Ordinal))
        {
            key.Append(scope).Append(' ');
        }

        key.Append('\n');
        foreach (var (name, value) in (variables ?? Inputs.Empty).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            // Every variable given counts (an argument given or not changes the cost); an Int variable counts with its value.
            key.Append(name);
            if (_intVariables.Contains(name))
            {
                if (value is not (null or int or long or short or byte or double or decimal or string))
                {
                    return null;
                }

                key.Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null");
            }

            key.Append(' ');
        }

        return key.ToString();
    }

    public bool TryGet(string key, out OperationCost cost) => _passed.TryGetValue(key, out cost);

    public void Remember(string key, OperationCost cost)
    {
        if (_passed.Count < MaxEntries)
        {
            _passed.TryAdd(key, cost);
        }
    }

    private static HashSet<string> IntVariables(GraphQLDocument document)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            foreach (var variable in operation.Variables?.Items ?? [])
            {
                var type = variable.Type is GraphQLNonNullType nonNull ? nonNull.Type : variable.Type;
                if (type is GraphQLNamedType { Name.StringValue: "Int" })
                {
                    names.Add(variable.Variable.Name.StringValue);
                }
            }
        }

        return names;
    }
}

/// <summary>What the cost rule computed for an operation that passed it.</summary>
public readonly record struct OperationCost(double Complexity, int Depth);
