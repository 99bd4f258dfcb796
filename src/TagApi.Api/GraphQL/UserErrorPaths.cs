using GraphQL;
using GraphQL.Types;

namespace TagApi.Api.GraphQL;

/// <summary>
/// Turns the field a Core service names in a business failure — a member of the REST request body, such as
/// <c>key</c>, <c>add[0]</c> or <c>bands[1].when</c> — into the path of the mutation's own argument that carried it:
/// <c>input.key</c> when the mutation takes an <c>input</c> object with that member, the argument itself when
/// one has that name, or the argument a mutation names differently from REST (<c>tagsAdd</c>'s <c>tags</c> for REST's
/// <c>add</c>), given as <paramref name="renames"/>. An exact path in <paramref name="renames"/> wins over its first segment.
/// </summary>
public sealed class UserErrorPaths(QueryArguments arguments, IReadOnlyDictionary<string, string>? renames = null)
{
    public string? Map(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return field;
        }

        if (renames?.TryGetValue(field, out var whole) == true)
        {
            field = whole;
        }

        var end = field.IndexOfAny(['.', '[']);
        var (root, rest) = end < 0 ? (field, "") : (field[..end], field[end..]);
        if (renames?.TryGetValue(root, out var renamed) == true)
        {
            root = renamed;
        }

        if (arguments.Find(root) is not null)
        {
            return root + rest;
        }

        return arguments.Find("input")?.ResolvedType?.GetNamedType() is IInputObjectGraphType input && input.GetField(root) is not null
            ? "input." + root + rest
            : root + rest;
    }
}
