using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using TagApi.Api.Conditional;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Query;

namespace TagApi.Api.GraphQL;

/// <summary>A business failure of a mutation, with the same code REST puts in its problem.</summary>
/// <param name="Field">The argument at fault, as a path in the mutation's arguments (<c>input.key</c>, <c>tags[0]</c>, <c>input.bands[1].when</c>), if one is.</param>
/// <param name="Code">Stable error code shared with REST: <c>validation_failed</c>, <c>not_found</c>, <c>conflict</c>, <c>rule_owned</c>…</param>
/// <param name="Message">Human-readable explanation.</param>
public sealed record UserError(string? Field, string Code, string Message);

/// <summary>A mutation's result: named values plus <c>userErrors</c> (empty on success).</summary>
public sealed class Payload : Dictionary<string, object?>
{
    public Payload()
    {
        this["userErrors"] = Array.Empty<UserError>();
    }
}

public sealed class UserErrorGraphType : ObjectGraphType<UserError>
{
    public UserErrorGraphType()
    {
        Name = "UserError";
        Description = "A business failure of a mutation; nothing was changed. The code is the same as the REST problem's code.";
        Field(e => e.Field, nullable: true).Description("The argument at fault, if one is: a path in the mutation's own arguments, e.g. input.key, tags[0], add[3], input.bands[1].when.");
        Field(e => e.Code).Description("Stable error code shared with REST: validation_failed, not_found, conflict, rule_owned, batch item codes…");
        Field(e => e.Message).Description("Human-readable explanation.");
    }
}

/// <summary>Builds mutation fields whose business failures become <c>userErrors</c> instead of top-level errors.</summary>
public static class Payloads
{
    /// <summary>A payload type with the given fields (resolved from the <see cref="Payload"/> by name) and <c>userErrors</c>.</summary>
    public static ObjectGraphType Type(string name, string description, params (string Name, Type GraphType, string Description)[] fields)
    {
        var type = new ObjectGraphType { Name = name, Description = description };
        foreach (var (field, graphType, text) in fields.Append(("userErrors", typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>),
                     "Business failures; empty when the mutation succeeded.")))
        {
            type.AddField(new FieldType
            {
                Name = field,
                Type = graphType,
                Description = text,
                Resolver = new FuncFieldResolver<object?>(c => ((Payload)c.Source!).GetValueOrDefault(field)),
            });
        }

        return type;
    }

    /// <summary>
    /// Adds a mutation guarded by <paramref name="scope"/>; <paramref name="run"/> fills the payload. The fields its
    /// userErrors name are paths in its own arguments (<see cref="UserErrorPaths"/>), with <paramref name="renames"/>
    /// for members REST names otherwise. Returns the field, to mark it further.
    /// </summary>
    public static FieldType AddMutation(
        this ObjectGraphType mutation, string name, string description, string scope, ObjectGraphType payload, QueryArguments arguments,
        Func<IResolveFieldContext, Task<Payload>> run, IReadOnlyDictionary<string, string>? renames = null)
    {
        var paths = new UserErrorPaths(arguments, renames);
        var field = new FieldType
        {
            Name = name,
            Description = description,
            ResolvedType = new NonNullGraphType(payload),
            Arguments = arguments,
            Resolver = new FuncFieldResolver<object?>(async c => await RunAsync(c, run, paths)),
        };
        mutation.AddField(field.RequireScope(scope));
        return field;
    }

    private static async Task<Payload> RunAsync(IResolveFieldContext context, Func<IResolveFieldContext, Task<Payload>> run, UserErrorPaths paths)
    {
        using var expected = ExpectedVersion.Expect(context);
        try
        {
            return await run(context);
        }
        catch (TagApiException e) when (e is not ForbiddenException)
        {
            // A failed change must not leak tracked entities into the next mutation of the same request.
            context.Service<TagApiDbContext>().ChangeTracker.Clear();
            return new Payload { ["userErrors"] = ErrorsOf(e, paths) };
        }
    }

    private static List<UserError> ErrorsOf(TagApiException exception, UserErrorPaths paths) => exception switch
    {
        ValidationFailedException v => v.Errors.SelectMany(e => e.Value.Select(m => new UserError(paths.Map(e.Key), v.Code, m))).ToList(),
        BatchRejectedException b => b.Items.Select(i => new UserError(paths.Map($"{i.List}[{i.Index}]"), i.Code, i.Message)).ToList(),
        SegmentQueryException q => q.Errors.Select(e => new UserError(paths.Map(q.Field ?? "query"), q.Code, e.Message)).ToList(),
        _ => [new UserError(null, exception.Code, exception.Message)],
    };

    /// <summary>An argument list.</summary>
    public static QueryArguments Args(params QueryArgument[] arguments) => new(arguments);

    public static QueryArgument Arg<TGraphType>(string name, string description) where TGraphType : IGraphType =>
        new QueryArgument<TGraphType> { Name = name, Description = description };
}
