using TagApi.Core.Segments.Columns;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;
using TagApi.Core.Value;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Compiles a bound query into one bitmap expression over a snapshot: tag predicates become the
/// tags' bitmaps, saved segments are inlined, field predicates are answered from the field columns
/// as bitmaps, and what only rows can answer (behaviour aggregates, nested attribute paths) by one
/// scan of the customers' rows into a bitmap. The evaluator then fuses the whole expression in one pass.
/// With <paramref name="within"/>, the answer is only needed for those customers (a rule
/// re-evaluating a few changed ones), so a handful of them is tested on rows; the caller intersects.
/// </summary>
public sealed class QueryCompiler(IndexSnapshot snapshot, Func<string, QueryNode?> savedSegment, DateTime now, RoaringBitmap? within = null)
{
    private const int MaxSegmentNesting = 32;
    private readonly ColumnPredicates _columns = new(snapshot, now);
    private int _nesting;
    private TenantValueModel? _valueModel;

    public BitmapExpression Compile(QueryNode node) => node switch
    {
        AndNode and => CompileAnd(and),
        OrNode or => BitmapExpression.Or([.. or.Operands.Select(Compile)]),
        NotNode not => BitmapExpression.Not(Compile(not.Operand)),
        TrueNode => BitmapExpression.All,
        TagEquals t => Tags([t.Key]),
        TagNotEquals t => BitmapExpression.Not(Tags([t.Key])),
        TagIn t => Tags(t.Keys),
        TagUnder t => Under(t.Key),
        CategoryEquals c => InCategory(c.CategoryKey, c.TagKey),
        CategoryIsNull c => c.Negated ? AnyOfCategory(c.CategoryKey) : BitmapExpression.Not(AnyOfCategory(c.CategoryKey)),
        SegmentRef s => Segment(s.Key),
        _ when ValueFields.Reads(node) => ValueColumn(node) ?? Scan((within ?? snapshot.Live).ToArray(), RowTest(node)),
        _ => FromColumns(node) ?? Scan(Candidates(node), RowTest(node)),
    };

    // Columns answer for every customer at once (a cached range costs nothing the second time); a
    // rule re-checking a few dozen changed customers is cheaper on their rows, and it just changed them.
    private BitmapExpression? FromColumns(QueryNode node) => FewWithin ? null : _columns.TryCompile(node);

    private bool FewWithin => within is not null && within.Cardinality * 64 < snapshot.Live.Cardinality;

    // The predictions are columns for a whole day; the clock-bound value fields (recency, window sums, RFM scores)
    // and a rule re-checking a few changed customers are answered on the rows.
    private BitmapExpression? ValueColumn(QueryNode node)
    {
        if (FieldNodes.FieldOf(node) is not { } field || !PredictedValueColumns.Holds(field) || !IsNumericTest(node) || FewWithin)
        {
            return null;
        }

        var model = _valueModel ??= snapshot.Value.Get(snapshot, now);
        var column = snapshot.Value.Columns.Column(snapshot, model, now, field);
        return _columns.Compile(node, field, column, () => RowTest(node));
    }

    private static bool IsNumericTest(QueryNode node) => node switch
    {
        FieldCompare c => c.Value is NumberValue,
        FieldBetween b => b.Lower is NumberValue && b.Upper is NumberValue,
        FieldIn i => i.Values.All(v => v is NumberValue),
        FieldIsNull => true,
        _ => false,
    };

    // Predicates only rows can answer, beside bitmap operands (tags, field columns), are tested only
    // on the customers the bitmaps leave.
    private BitmapExpression CompileAnd(AndNode and)
    {
        var compiled = and.Operands.Select(o => (Node: o, Bitmaps: ValueFields.Reads(o) ? ValueColumn(o) : IsRowPredicate(o) ? FromColumns(o) : Compile(o))).ToList();
        var scanned = compiled.Where(c => c.Bitmaps is null).Select(c => c.Node).ToList();
        var indexed = compiled.Select(c => c.Bitmaps).OfType<BitmapExpression>().ToList();
        if (scanned.Count == 0 || indexed.Count == 0)
        {
            return BitmapExpression.And([.. compiled.Select(c => c.Bitmaps ?? Compile(c.Node))]);
        }

        var restricted = indexed.Concat(within is null ? [] : [BitmapExpression.Leaf(within)]);
        var candidates = snapshot.Evaluator.Materialize(BitmapExpression.And([.. restricted]));
        var tests = scanned.Select(RowTest).ToArray();
        return Scan(candidates.ToArray(), row => Array.TrueForAll(tests, t => t(row)));
    }

    // Customer value fields read the tenant's value model (edges, fit) besides the row; it is fetched once per
    // compilation, and only by a query that uses one.
    private Func<CustomerRow, bool> RowTest(QueryNode node) =>
        ValueFields.Reads(node) ? ValueFields.Compile(node, _valueModel ??= snapshot.Value.Get(snapshot, now), now) : FieldPredicates.Compile(node, now, snapshot.Vocabulary);

    // A window aggregate only needs the customers active since the window opened; the newest-activity
    // column says which, reading eight bytes per customer instead of its row and timeline.
    // A window aggregate needing an activity of its type visits only customers with one since the
    // window opened: a plain loop over that type's column (a removed customer's entry is 0).
    private int[] Candidates(QueryNode node)
    {
        if (node is not AggregateCompare aggregate || AggregatePredicates.NeedsActivityAfter(aggregate, now) is not { } from)
        {
            return (within ?? snapshot.Live).ToArray();
        }

        if (snapshot.Vocabulary.FindType(aggregate.Aggregate.ActivityType) is not { } type || !snapshot.NewestByType.TryGetValue(type, out var newest))
        {
            return [];
        }

        if (within is not null)
        {
            return Array.FindAll(within.ToArray(), o => newest[o] > from);
        }

        var recent = new List<int>();
        for (var ordinal = 0; ordinal < newest.Count; ordinal++)
        {
            if (newest[ordinal] > from)
            {
                recent.Add(ordinal);
            }
        }

        return [.. recent];
    }

    private static bool IsRowPredicate(QueryNode node) =>
        node is FieldCompare or FieldBetween or FieldIn or FieldIsNull or FieldContains or FieldStartsWith or AggregateCompare;

    private BitmapExpression Tags(IEnumerable<string> keys) =>
        Members(keys.Select(k => snapshot.Catalog.TagId(k)).OfType<long>());

    private BitmapExpression Under(string key) =>
        snapshot.Catalog.TagId(key) is { } id ? Members(snapshot.Catalog.SelfAndDescendants(id)) : BitmapExpression.None;

    private BitmapExpression InCategory(string categoryKey, string tagKey) =>
        snapshot.Catalog.TagId(tagKey) is { } id && snapshot.Catalog.Tags.TryGetValue(id, out var tag)
        && snapshot.Catalog.CategoryId(categoryKey) == tag.CategoryId
            ? Members([id])
            : BitmapExpression.None;

    private BitmapExpression AnyOfCategory(string categoryKey) =>
        snapshot.Catalog.CategoryId(categoryKey) is { } id ? Members(snapshot.Catalog.TagsOfCategory(id)) : BitmapExpression.None;

    private BitmapExpression Members(IEnumerable<long> tagIds)
    {
        var leaves = tagIds.Distinct()
            .Select(id => snapshot.TagMembers.TryGetValue(id, out var bitmap) ? BitmapExpression.Leaf(bitmap) : null)
            .OfType<BitmapExpression>()
            .ToArray();
        return leaves.Length switch
        {
            0 => BitmapExpression.None,
            1 => leaves[0],
            _ => BitmapExpression.Or(leaves),
        };
    }

    private BitmapExpression Segment(string key)
    {
        var query = savedSegment(key) ?? throw new UnsupportedQueryException($"Segment '{key}' does not exist.");
        if (++_nesting > MaxSegmentNesting)
        {
            throw new UnsupportedQueryException($"Segments nest more than {MaxSegmentNesting} deep.");
        }

        try
        {
            return Compile(query);
        }
        finally
        {
            _nesting--;
        }
    }

    private BitmapExpression Scan(int[] ordinals, Func<CustomerRow, bool> predicate)
    {
        var matches = new List<int>();
        foreach (var ordinal in ordinals)
        {
            if (snapshot.Rows[ordinal] is { } row && predicate(row))
            {
                matches.Add(ordinal);
            }
        }

        return BitmapExpression.Leaf(RoaringBitmap.FromSorted(matches.ToArray()));
    }
}
