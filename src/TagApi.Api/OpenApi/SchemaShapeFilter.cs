using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using TagApi.Core.Common;

namespace TagApi.Api.OpenApi;

/// <summary>
/// Makes each object schema say what the wire carries: members a constructor demands (every
/// response member, the required members of a create request) are <c>required</c>; a member is
/// nullable exactly when its C# type is (for <see cref="Optional{T}"/>, when <c>T</c> is); computed
/// helpers are not members; and every string, integer and array carries its <see cref="ContractLimits"/>.
/// </summary>
internal sealed class SchemaShapeFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is not { Count: > 0 } properties || context.MemberInfo is not null)
        {
            return;
        }

        var type = context.Type;
        var constructorParameters = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()?.GetParameters() ?? [];
        var nullability = new NullabilityInfoContext();
        var required = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!properties.TryGetValue(name, out var member))
            {
                continue;
            }

            var parameter = constructorParameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            if (property.SetMethod is null && parameter is null)
            {
                properties.Remove(name);
                continue;
            }

            if (parameter is { HasDefaultValue: false })
            {
                required.Add(name);
            }

            properties[name] = Shape(member, type, name, IsNullable(property, nullability), context.SchemaRepository);
        }

        concrete.Required = new SortedSet<string>(required, StringComparer.Ordinal);
        if (concrete.Required.Count == 0)
        {
            concrete.Required = null;
        }
    }

    private static bool IsNullable(PropertyInfo property, NullabilityInfoContext context)
    {
        var info = context.Create(property);
        if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Optional<>))
        {
            var inner = property.PropertyType.GetGenericArguments()[0];
            return Nullable.GetUnderlyingType(inner) is not null || info.GenericTypeArguments[0].ReadState == NullabilityState.Nullable;
        }

        return Nullable.GetUnderlyingType(property.PropertyType) is not null || info.ReadState == NullabilityState.Nullable;
    }

    private static IOpenApiSchema Shape(IOpenApiSchema member, Type owner, string name, bool nullable, SchemaRepository repository)
    {
        if (member is OpenApiSchemaReference reference)
        {
            // OpenAPI 3.0 ignores siblings of $ref, so a nullable reference is wrapped; `nullable` needs the target's type beside it.
            // A one-member oneOf (not allOf) keeps NSwag and Kiota from deriving a new class for the wrapper.
            var target = reference.Reference.Id is { } id && repository.Schemas.TryGetValue(id, out var found) ? found : null;
            return nullable
                ? new OpenApiSchema
                {
                    OneOf = [reference], Type = (target?.Type ?? JsonSchemaType.Object) | JsonSchemaType.Null, Description = Own(reference.Description),
                    MaxLength = target?.Enum is { Count: > 0 } values ? values.Max(v => v.ToString().Length) : null,
                }
                : member;
        }

        if (member is not OpenApiSchema schema)
        {
            return member;
        }

        schema.Description = Own(schema.Description);

        if (schema.Type is { } type)
        {
            schema.Type = nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null;
        }

        Limit(schema, ContractLimits.Find(owner, name), name);
        return schema;
    }

    /// <summary>The member's own description, not the one <see cref="Optional{T}"/> lends a member that has none.</summary>
    private static string? Own(string? description) =>
        description?.StartsWith("A request member that may be absent", StringComparison.Ordinal) == true ? null : description;

    /// <summary>Writes a limit onto a schema; also used for parameters and headers.</summary>
    public static void Limit(OpenApiSchema schema, ContractLimit? limit, string name)
    {
        var type = schema.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.String) && schema.Enum is not { Count: > 0 })
        {
            var text = limit as StringLimit ?? schema.Format switch
            {
                "date-time" => ContractLimits.DateTime,
                "date" => ContractLimits.Date,
                _ => null,
            };
            if (text is not null)
            {
                schema.MaxLength = text.MaxLength;
                schema.Pattern = text.Format is null ? text.Pattern : null;
                schema.Format = text.Format ?? schema.Format;
            }
        }
        else if (type.HasFlag(JsonSchemaType.Integer))
        {
            var range = limit as IntegerLimit ?? (schema.Format == "int64" ? ContractLimits.Count64 : ContractLimits.Count32);
            schema.Minimum = range.Minimum.ToString(CultureInfo.InvariantCulture);
            schema.Maximum = range.Maximum.ToString(CultureInfo.InvariantCulture);
            schema.Format ??= range.Maximum > int.MaxValue || range.Minimum < int.MinValue ? "int64" : "int32";
        }
        else if (type.HasFlag(JsonSchemaType.Number) && limit is NumberLimit number)
        {
            schema.Minimum = number.Minimum.ToString(CultureInfo.InvariantCulture);
            schema.Maximum = number.Maximum.ToString(CultureInfo.InvariantCulture);
        }
        else if (type.HasFlag(JsonSchemaType.Array))
        {
            schema.MaxItems = (limit as ArrayLimit)?.MaxItems;
            if (name is "scopes" or "eventTypes")
            {
                schema.Items = new OpenApiSchemaReference(name == "scopes" ? SharedSchemas.Scope : SharedSchemas.EventType);
            }
            else if (schema.Items is OpenApiSchema { Type: { } itemType } items && itemType.HasFlag(JsonSchemaType.String))
            {
                LimitItems(items, name);
            }
            else if (schema.Items is OpenApiSchema { Type: { } rowType } row && (rowType.HasFlag(JsonSchemaType.Array) || rowType.HasFlag(JsonSchemaType.Integer)))
            {
                // A matrix (the overlap counts) has as many cells per row as rows; counts get the count range.
                Limit(row, rowType.HasFlag(JsonSchemaType.Array) ? limit : null, name);
            }
        }
    }

    private static void LimitItems(OpenApiSchema items, string name)
    {

        if (ContractLimits.FindItem(name) is { } item)
        {
            items.MaxLength = item.MaxLength;
            items.Pattern = item.Pattern;
        }
    }
}
