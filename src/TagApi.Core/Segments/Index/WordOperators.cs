using System.Runtime.Intrinsics;

namespace TagApi.Core.Segments.Index;

/// <summary>
/// A bitwise operator over 64-bit words. Implemented by empty structs so that generic loops
/// specialise per operator at JIT time instead of paying for a delegate call per word.
/// </summary>
internal interface IWordOperator
{
    static abstract ulong Apply(ulong left, ulong right);

    static abstract Vector256<ulong> Apply(Vector256<ulong> left, Vector256<ulong> right);

    static abstract Vector128<ulong> Apply(Vector128<ulong> left, Vector128<ulong> right);
}

/// <summary>
/// A set operator: besides its word form it says which side of a merge survives, so that
/// sorted-array merges and word loops share one definition of the operation.
/// </summary>
internal interface ISetOperator : IWordOperator
{
    /// <summary>Whether a value present only on the left is kept.</summary>
    static abstract bool KeepsLeftOnly { get; }

    /// <summary>Whether a value present on both sides is kept.</summary>
    static abstract bool KeepsBoth { get; }

    /// <summary>Whether a value present only on the right is kept.</summary>
    static abstract bool KeepsRightOnly { get; }
}

internal readonly struct AndOperator : ISetOperator
{
    public static bool KeepsLeftOnly => false;
    public static bool KeepsBoth => true;
    public static bool KeepsRightOnly => false;
    public static ulong Apply(ulong left, ulong right) => left & right;
    public static Vector256<ulong> Apply(Vector256<ulong> left, Vector256<ulong> right) => left & right;
    public static Vector128<ulong> Apply(Vector128<ulong> left, Vector128<ulong> right) => left & right;
}

internal readonly struct OrOperator : ISetOperator
{
    public static bool KeepsLeftOnly => true;
    public static bool KeepsBoth => true;
    public static bool KeepsRightOnly => true;
    public static ulong Apply(ulong left, ulong right) => left | right;
    public static Vector256<ulong> Apply(Vector256<ulong> left, Vector256<ulong> right) => left | right;
    public static Vector128<ulong> Apply(Vector128<ulong> left, Vector128<ulong> right) => left | right;
}

internal readonly struct AndNotOperator : ISetOperator
{
    public static bool KeepsLeftOnly => true;
    public static bool KeepsBoth => false;
    public static bool KeepsRightOnly => false;
    public static ulong Apply(ulong left, ulong right) => left & ~right;
    public static Vector256<ulong> Apply(Vector256<ulong> left, Vector256<ulong> right) => Vector256.AndNot(left, right);
    public static Vector128<ulong> Apply(Vector128<ulong> left, Vector128<ulong> right) => Vector128.AndNot(left, right);
}

internal readonly struct XorOperator : ISetOperator
{
    public static bool KeepsLeftOnly => true;
    public static bool KeepsBoth => false;
    public static bool KeepsRightOnly => true;
    public static ulong Apply(ulong left, ulong right) => left ^ right;
    public static Vector256<ulong> Apply(Vector256<ulong> left, Vector256<ulong> right) => left ^ right;
    public static Vector128<ulong> Apply(Vector128<ulong> left, Vector128<ulong> right) => left ^ right;
}

/// <summary><c>left | ~right</c>: an OR whose operand is negated, used by fused evaluation.</summary>
internal readonly struct OrNotOperator : IWordOperator
{
    public static ulong Apply(ulong left, ulong right) => left | ~right;
    public static Vector256<ulong> Apply(Vector256<ulong> left, Vector256<ulong> right) => left | ~right;
    public static Vector128<ulong> Apply(Vector128<ulong> left, Vector128<ulong> right) => left | ~right;
}

/// <summary><c>~right</c>: copies a negated operand, ignoring the left side.</summary>
internal readonly struct NotRightOperator : IWordOperator
{
    public static ulong Apply(ulong left, ulong right) => ~right;
    public static Vector256<ulong> Apply(Vector256<ulong> left, Vector256<ulong> right) => ~right;
    public static Vector128<ulong> Apply(Vector128<ulong> left, Vector128<ulong> right) => ~right;
}

/// <summary>Whether a word loop also returns the population of what it writes (resolved at JIT time).</summary>
internal interface ICountPolicy
{
    static abstract bool Counts { get; }
}

internal readonly struct Counting : ICountPolicy
{
    public static bool Counts => true;
}

internal readonly struct NotCounting : ICountPolicy
{
    public static bool Counts => false;
}
