using System.Linq.Expressions;
using System.Numerics;
using TagApi.Bench.Queries;

namespace TagApi.Bench.Floor;

/// <summary>
/// Turns a segment into an expression tree computing one 64-customer word, and wraps it either in
/// a counting loop or a single-word function. Every array the expression reads is hoisted into a
/// local before the loop, so the compiled loop reads plain locals, as hand-written code would.
/// </summary>
internal sealed class WordCompiler(FloorIndex index, Func<string, long> tagId, DateTime now)
{
    private static readonly System.Reflection.MethodInfo PopCount =
        typeof(BitOperations).GetMethod(nameof(BitOperations.PopCount), [typeof(ulong)])!;

    private static readonly System.Reflection.MethodInfo Greater =
        typeof(ColumnMasks).GetMethod(nameof(ColumnMasks.Greater))!;

    private readonly Dictionary<object, ParameterExpression> _locals = new(ReferenceEqualityComparer.Instance);
    private readonly List<Expression> _setup = [];

    public Func<long> CountLoop(Segment segment)
    {
        Reset();
        var w = Expression.Variable(typeof(int), "w");
        var count = Expression.Variable(typeof(long), "count");
        var word = Word(segment, w);
        var done = Expression.Label("done");
        var loop = Expression.Loop(
            Expression.IfThenElse(
                Expression.LessThan(w, Expression.Constant(index.Words)),
                Expression.Block(
                    Expression.AddAssign(count, Expression.Convert(Expression.Call(PopCount, word), typeof(long))),
                    Expression.PreIncrementAssign(w)),
                Expression.Break(done)),
            done);
        var body = Expression.Block(
            [w, count, .. _locals.Values],
            [.. _setup, Expression.Assign(w, Expression.Constant(0)), Expression.Assign(count, Expression.Constant(0L)), loop, count]);
        return Expression.Lambda<Func<long>>(body).Compile();
    }

    public Func<int, ulong> SingleWord(Segment segment)
    {
        Reset();
        var w = Expression.Parameter(typeof(int), "w");
        var word = Word(segment, w);
        var body = Expression.Block(_locals.Values, [.. _setup, word]);
        return Expression.Lambda<Func<int, ulong>>(body, w).Compile();
    }

    private void Reset()
    {
        _locals.Clear();
        _setup.Clear();
    }

    private Expression Word(Segment segment, ParameterExpression w)
    {
        var word = Node(segment, w);
        // A complement sets the padding bits past the last customer; clear them.
        return HasNot(segment) ? Expression.And(word, Expression.ArrayIndex(Local(index.Universe), w)) : word;
    }

    private Expression Node(Segment segment, ParameterExpression w) => segment switch
    {
        TagIs t => Expression.ArrayIndex(Local(index.Tag(tagId(t.Key))), w),
        AnyOf a => a.Parts.Select(p => Node(p, w)).Aggregate(Expression.Or),
        AllOf a => Conjunction(a, w),
        NotOf n => Expression.OnesComplement(Node(n.Inner, w)),
        TotalSpentAbove or LastOrderWithin => Narrow(segment, w, Expression.Constant(ulong.MaxValue)),
        _ => throw new NotSupportedException(segment.GetType().Name),
    };

    // Tag words first; each column test then narrows the surviving bits (and is skipped when none survive).
    private Expression Conjunction(AllOf all, ParameterExpression w)
    {
        var tags = all.Parts.Where(p => p.TagsOnly).Select(p => Node(p, w)).ToList();
        var columns = all.Parts.Where(p => p is TotalSpentAbove or LastOrderWithin).ToList();
        var others = all.Parts.Where(p => !p.TagsOnly && p is not (TotalSpentAbove or LastOrderWithin)).Select(p => Node(p, w));
        Expression word = tags.Concat(others).DefaultIfEmpty(Expression.Constant(ulong.MaxValue)).Aggregate(Expression.And);
        foreach (var column in columns)
        {
            word = Narrow(column, w, word);
        }

        return word;
    }

    private MethodCallExpression Narrow(Segment column, ParameterExpression w, Expression candidates) => column switch
    {
        TotalSpentAbove s => Expression.Call(Greater, Local(index.TotalSpentCents), w, Expression.Constant((long)(s.Amount * 100)), candidates),
        LastOrderWithin d => Expression.Call(Greater, Local(index.LastOrderAtSeconds), w,
            Expression.Constant(new DateTimeOffset(now).ToUnixTimeSeconds() - (d.Days * 86_400L)), candidates),
        _ => throw new NotSupportedException(column.GetType().Name),
    };

    private ParameterExpression Local(Array array)
    {
        if (!_locals.TryGetValue(array, out var local))
        {
            local = Expression.Variable(array.GetType(), $"a{_locals.Count}");
            _locals[array] = local;
            _setup.Add(Expression.Assign(local, Expression.Constant(array)));
        }

        return local;
    }

    private static bool HasNot(Segment segment) => segment switch
    {
        NotOf => true,
        AllOf a => a.Parts.Any(HasNot),
        AnyOf a => a.Parts.Any(HasNot),
        _ => false,
    };
}
