using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using TagApi.Core.Common;

namespace TagApi.Api.OpenApi;

/// <summary>
/// Refuses a request whose body members or query parameters exceed the limits the OpenAPI document
/// states (<see cref="ContractLimits"/>), before the handler runs: every bad member is named, as
/// <c>validation_failed</c>. Core validators check the same constants again; this makes sure no
/// documented limit is left unenforced (an over-long URL used to reach the database, for example).
/// Route values are not checked: an id longer than any id simply is not found (404).
/// </summary>
public static class RequestLimitsFilter
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Name, ContractLimit? Limit)[]> Members = new();

    /// <summary>Adds the check to every endpoint of <paramref name="builder"/>; endpoints with nothing to check run as before.</summary>
    public static TBuilder WithRequestLimits<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices.GetService<IServiceProviderIsService>();
            var checks = factory.MethodInfo.GetParameters()
                .Select((p, i) => (p, i, Kind: KindOf(p, services)))
                .Where(c => c.Kind != ArgumentKind.None).ToList();
            if (checks.Count == 0)
            {
                return next;
            }

            return context =>
            {
                var errors = new ValidationErrors();
                foreach (var (parameter, index, kind) in checks)
                {
                    if (context.Arguments[index] is not { } value)
                    {
                        continue;
                    }

                    if (kind == ArgumentKind.Object)
                    {
                        CheckObject(errors, string.Empty, value);
                    }
                    else if (context.HttpContext.Request.Query.ContainsKey(parameter.Name!))
                    {
                        CheckValue(errors, parameter.Name!, ContractLimits.FindParameter(parameter.Name!), value);
                    }
                }

                errors.ThrowIfAny();
                return next(context);
            };
        });

    /// <summary>The same check for a body a handler reads itself (one that takes JSON or a raw upload, for example).</summary>
    public static void Check(object body)
    {
        var errors = new ValidationErrors();
        CheckObject(errors, string.Empty, body);
        errors.ThrowIfAny();
    }

    private enum ArgumentKind { None, Object, Query }

    private static ArgumentKind KindOf(ParameterInfo parameter, IServiceProviderIsService? services)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
        {
            return ArgumentKind.Object;
        }

        if (type == typeof(string) || type == typeof(int) || type == typeof(long))
        {
            return ArgumentKind.Query;
        }

        return IsContract(type) && services?.IsService(type) != true ? ArgumentKind.Object : ArgumentKind.None;
    }

    private static void CheckObject(ValidationErrors errors, string prefix, object value)
    {
        foreach (var (property, name, limit) in Members.GetOrAdd(value.GetType(), MembersOf))
        {
            if (Unwrap(property.GetValue(value)) is { } member)
            {
                CheckValue(errors, prefix + name, limit, member);
            }
        }
    }

    private static void CheckValue(ValidationErrors errors, string field, ContractLimit? limit, object value)
    {
        switch (value)
        {
            case string text:
                if (limit is StringLimit s && text.Length > s.MaxLength)
                {
                    errors.Add(field, $"At most {s.MaxLength} characters are allowed.");
                }

                break;
            case int or long:
                var number = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                if (limit is IntegerLimit range && (number < range.Minimum || number > range.Maximum))
                {
                    errors.Add(field, $"{field} is between {range.Minimum} and {range.Maximum}.");
                }

                break;
            case IList list:
                CheckList(errors, field, limit, list);
                break;
            default:
                if (IsContract(value.GetType()))
                {
                    CheckObject(errors, field + ".", value);
                }

                break;
        }
    }

    private static void CheckList(ValidationErrors errors, string field, ContractLimit? limit, IList list)
    {
        if (limit is ArrayLimit array && list.Count > array.MaxItems)
        {
            errors.Add(field, $"At most {array.MaxItems} items are allowed.");
            return;
        }

        // Objects inside a batch are the batch's business: it lists every bad item (batch_rejected) rather than failing on the first.
        var itemLimit = ContractLimits.FindItem(field[(field.LastIndexOf('.') + 1)..]);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is string item)
            {
                CheckValue(errors, $"{field}[{i}]", itemLimit, item);
            }
        }
    }

    private static (PropertyInfo, string, ContractLimit?)[] MembersOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0)
            .Select(p => (p, JsonNamingPolicy.CamelCase.ConvertName(p.Name)))
            .Select(m => (m.p, m.Item2, ContractLimits.Find(type, m.Item2)))
            .ToArray();

    private static bool IsContract(Type type) =>
        type.IsClass && type.Namespace is { } ns && (ns.StartsWith("TagApi.Api.Features", StringComparison.Ordinal) || ns.StartsWith("TagApi.Core", StringComparison.Ordinal));

    /// <summary>An <see cref="Optional{T}"/> member counts only when it was sent.</summary>
    private static object? Unwrap(object? value)
    {
        if (value is null || !value.GetType().IsGenericType || value.GetType().GetGenericTypeDefinition() != typeof(Optional<>))
        {
            return value;
        }

        var type = value.GetType();
        return (bool)type.GetProperty(nameof(Optional<int>.IsSet))!.GetValue(value)! ? type.GetProperty(nameof(Optional<int>.Value))!.GetValue(value) : null;
    }
}
