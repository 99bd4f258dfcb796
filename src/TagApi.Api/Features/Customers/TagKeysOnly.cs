using System.Runtime.CompilerServices;
using GraphQLParser.AST;

namespace TagApi.Api.Features.Customers;

/// <summary>
/// Whether a document asks nothing of any tag but its id and key: then the customer-with-tags read may
/// fetch only the tag keys (<see cref="TagApi.Core.TagAssignments.CustomerWithTagsReads.GetWithCurrentTagKeysAsync"/>),
/// whose tags carry nothing else. Decided for the whole document — every <c>tag</c> field of every operation and
/// fragment, aliases and repeated fields included — so no other selection of the same request can reach such a
/// tag and read an empty member. A fragment inside a <c>tag</c> selection counts as a no.
/// </summary>
public static class TagKeysOnly
{
    private static readonly ConditionalWeakTable<GraphQLDocument, object> Answers = [];
    private static readonly object Yes = new(), No = new();

    public static bool In(GraphQLDocument document) =>
        Answers.GetValue(document, d => d.Definitions.TrueForAll(Allows) ? Yes : No) == Yes;

    private static bool Allows(ASTNode node) => node switch
    {
        GraphQLOperationDefinition operation => Allows(operation.SelectionSet),
        GraphQLFragmentDefinition fragment => Allows(fragment.SelectionSet),
        _ => true,
    };

    private static bool Allows(GraphQLSelectionSet? selection) =>
        selection is null || selection.Selections.TrueForAll(s => s switch
        {
            GraphQLField { Name.StringValue: "tag", SelectionSet: { } tag } => tag.Selections.TrueForAll(IsIdOrKey),
            GraphQLField field => Allows(field.SelectionSet),
            GraphQLInlineFragment inline => Allows(inline.SelectionSet),
            _ => true, // a fragment spread: its definition is checked on its own
        });

    private static bool IsIdOrKey(ASTNode node) => node is GraphQLField { Name.StringValue: "id" or "key" or "__typename" };
}
