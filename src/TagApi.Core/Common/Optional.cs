namespace TagApi.Core.Common;

/// <summary>
/// A request member that may be absent, present with a value, or present as <c>null</c>.
/// PATCH bodies use it so "not sent" and "cleared" stay different (JSON merge-patch semantics).
/// </summary>
public readonly record struct Optional<T>
{
    private readonly T _value;

    public Optional(T value)
    {
        _value = value;
        IsSet = true;
    }

    public static Optional<T> Unset => default;

    /// <summary>True when the member was present in the request body.</summary>
    public bool IsSet { get; }

    public T Value => IsSet ? _value : throw new InvalidOperationException("The optional value is not set.");

    /// <summary>The value when set, otherwise <paramref name="current"/>.</summary>
    public T Or(T current) => IsSet ? _value : current;
}
