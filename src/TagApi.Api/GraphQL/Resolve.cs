using GraphQL;
using TagApi.Core.Common;

namespace TagApi.Api.GraphQL;

/// <summary>Small helpers for resolvers.</summary>
public static class Resolve
{
    /// <summary>A scoped service of the request.</summary>
    public static T Service<T>(this IResolveFieldContext context) where T : notnull => context.RequestServices!.GetRequiredService<T>();

    /// <summary>The request's per-request loaders.</summary>
    public static BatchLoaders Loaders(this IResolveFieldContext context) => context.Service<BatchLoaders>();

    /// <summary>Lookups by id: a missing id, or another tenant's, is null rather than an error.</summary>
    public static async Task<object?> OrNullAsync<T>(Func<Task<T>> lookup)
    {
        try
        {
            return await lookup();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>Exactly one of two alternative arguments (<c>id</c> or <c>key</c>).</summary>
    public static string OneOf(IResolveFieldContext context, string first, string second)
    {
        var a = context.GetArgument<string?>(first);
        var b = context.GetArgument<string?>(second);
        return (a is null) == (b is null)
            ? throw new ValidationFailedException(first, $"Give exactly one of '{first}' or '{second}'.")
            : (a ?? b)!;
    }
}
