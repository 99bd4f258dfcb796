using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using TagApi.Core.Tenancy;

namespace TagApi.Api.GraphQL;

/// <summary>
/// Scope checks for GraphQL, in one place: a field names the scope policy it needs (the same
/// <see cref="Scopes"/> constants REST route groups use), and <see cref="ScopeValidationRule"/>
/// refuses the whole operation before anything runs when the token lacks one.
/// </summary>
public static class ScopeAuthorization
{
    private const string MetadataKey = "tagapi:scope";

    /// <summary>The access token must carry <paramref name="scope"/> to select this field.</summary>
    public static FieldBuilder<TSource, TReturn> RequireScope<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string scope)
    {
        field.FieldType.WithMetadata(MetadataKey, scope);
        return field;
    }

    /// <summary>The access token must carry <paramref name="scope"/> to select this field.</summary>
    public static FieldType RequireScope(this FieldType field, string scope)
    {
        field.WithMetadata(MetadataKey, scope);
        return field;
    }

    /// <summary>The field takes any one of <paramref name="scopes"/> (bulk jobs: the scope of each kind); named space-separated.</summary>
    public static FieldBuilder<TSource, TReturn> RequireAnyScope<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, IEnumerable<string> scopes) =>
        field.RequireScope(string.Join(' ', scopes));

    /// <summary>Whether the token carries the field's scope, or one of them when it names several.</summary>
    public static bool Allows(TenantContext tenant, string scope) => scope.Split(' ').Any(tenant.HasScope);

    /// <summary>The scope a field needs, if any (several, space-separated, when any of them will do).</summary>
    public static string? ScopeOf(FieldType field) => field.GetMetadata<string?>(MetadataKey);

    /// <summary>For resolvers whose scope depends on the value (<c>node(id)</c>): throws FORBIDDEN without it.</summary>
    public static void Demand(IResolveFieldContext context, string scope)
    {
        if (!context.RequestServices!.GetRequiredService<TenantContext>().HasScope(scope))
        {
            throw new ExecutionError(Describe(scope)) { Code = GraphQLErrorCodes.Forbidden };
        }
    }

    public static string Describe(string scope) => scope.Contains(' ', StringComparison.Ordinal)
        ? $"This field needs one of the scopes {string.Join(", ", scope.Split(' ').Select(s => $"'{s}'"))}, which the access token does not carry."
        : $"This field needs the scope '{scope}', which the access token does not carry.";
}

/// <summary>Reports every selected field whose scope the token lacks, with code FORBIDDEN.</summary>
public sealed class ScopeValidationRule : ValidationRuleBase, INodeVisitor
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => new(this);

    ValueTask INodeVisitor.EnterAsync(ASTNode node, ValidationContext context)
    {
        if (node is GraphQLField field && context.TypeInfo.GetFieldDef() is { } definition
            && ScopeAuthorization.ScopeOf(definition) is { } scope
            && (context.RequestServices?.GetService<TenantContext>() is not { } tenant || !ScopeAuthorization.Allows(tenant, scope)))
        {
            context.ReportError(new ValidationError(context.Document.Source, "scope", ScopeAuthorization.Describe(scope), field)
            {
                Code = GraphQLErrorCodes.Forbidden,
            });
        }

        return default;
    }

    ValueTask INodeVisitor.LeaveAsync(ASTNode node, ValidationContext context) => default;
}
