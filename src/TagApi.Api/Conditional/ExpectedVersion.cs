using GraphQL;
using GraphQL.Types;
using TagApi.Api.GraphQL;
using TagApi.Core.Conditional;

namespace TagApi.Api.Conditional;

/// <summary>
/// GraphQL's <c>If-Match</c>: the optional <c>expectedVersion</c> argument of the update mutations. While the mutation
/// runs, it is the unit of work's expected version (<see cref="Preconditions"/>): a resource at another version is left
/// unchanged and the mutation answers a <c>precondition_failed</c> userError.
/// </summary>
public static class ExpectedVersion
{
    public const string Name = "expectedVersion";

    public static QueryArgument Argument(string resource, string field = "version") => new QueryArgument<LongGraphType>
    {
        Name = Name,
        Description = $"Change the {resource} only while its {field} is this one (as read before); otherwise nothing changes and a precondition_failed userError is returned.",
    };

    /// <summary>The expectation of the running mutation, for as long as the returned scope lives; null without the argument.</summary>
    public static IDisposable? Expect(IResolveFieldContext context) =>
        context.HasArgument(Name) ? context.Service<Preconditions>().RequireVersion(context.GetArgument<long?>(Name)) : null;
}
