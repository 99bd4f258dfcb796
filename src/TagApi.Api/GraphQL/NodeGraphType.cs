using GraphQL.Types;

namespace TagApi.Api.GraphQL;

/// <summary>The Relay <c>Node</c> interface: anything fetchable by its opaque id through <c>node(id)</c>.</summary>
public sealed class NodeGraphType : InterfaceGraphType
{
    public NodeGraphType()
    {
        Name = "Node";
        Description = "An object with an opaque id (tag_…, cat_…, cus_…, seg_…) that node(id) can fetch.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque id; its prefix tells the kind of object.");
    }
}

/// <summary>Times are UTC and written in ISO 8601 with a trailing Z, exactly as REST writes them.</summary>
public sealed class UtcDateTimeGraphType : DateTimeGraphType
{
    public UtcDateTimeGraphType()
    {
        Name = "DateTime";
        Description = "A point in time in UTC (its wire format is described by ScalarWireFormats).";
    }

    public override object? Serialize(object? value) =>
        value is DateTime time ? base.Serialize(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : base.Serialize(value);

    public override object? ParseValue(object? value) => base.ParseValue(value) is DateTime time ? time.ToUniversalTime() : base.ParseValue(value);
}

/// <summary>Reads an input object's members, telling "not given" from "given as null" for merge-patch updates.</summary>
public sealed class InputFields(IDictionary<string, object?>? values)
{
    private readonly IDictionary<string, object?> _values = values ?? new Dictionary<string, object?>();

    public Core.Common.Optional<T> Optional<T>(string name) =>
        _values.TryGetValue(name, out var value) ? new Core.Common.Optional<T>(Convert<T>(name, value)) : default;

    public T? Get<T>(string name) => _values.TryGetValue(name, out var value) ? Convert<T>(name, value) : default;

    private static T Convert<T>(string name, object? value) => value switch
    {
        T typed => typed,
        null => default!,
        _ => throw new Core.Common.ValidationFailedException(name, $"'{name}' has the wrong type."),
    };
}
