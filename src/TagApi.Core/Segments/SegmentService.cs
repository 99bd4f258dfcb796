using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Data;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments;

/// <summary>Creates, reads, changes and deletes saved segments; refuses references that would form a cycle.</summary>
public sealed class SegmentService(TagApiDbContext db, SegmentQueries queries, Preconditions preconditions, TimeProvider clock)
{
    private static readonly HashSet<string> ReservedKeys = ["index", "query", "validate"];

    public async Task<Page<Segment>> ListAsync(PageRequest page, CancellationToken ct)
    {
        return await db.Segments.AsNoTracking().ToPageAsync(page, s => s.Id, ct);
    }

    public async Task<Segment> GetAsync(string idOrKey, CancellationToken ct) =>
        await FindAsync(idOrKey, ct) ?? throw new NotFoundException("Segment", idOrKey);

    public async Task<Segment?> FindAsync(string idOrKey, CancellationToken ct)
    {
        if (PublicId.LooksLike(IdPrefixes.Segment, idOrKey))
        {
            return PublicId.TryDecode(IdPrefixes.Segment, idOrKey, out var id) ? await db.Segments.FirstOrDefaultAsync(s => s.Id == id, ct) : null;
        }

        var key = idOrKey.ToLowerInvariant();
        return await db.Segments.FirstOrDefaultAsync(s => s.Key == key, ct);
    }

    public async Task<Segment> CreateAsync(SegmentInput input, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        InputRules.CheckKey(errors, "key", input.Key.Or(null!));
        InputRules.CheckText(errors, "name", input.Name.Or(null!), InputRules.NameMaxLength, required: true);
        CheckDescription(errors, input);
        if (input.Key.IsSet && ReservedKeys.Contains(input.Key.Value))
        {
            errors.Add("key", $"'{input.Key.Value}' names an endpoint under /v1/segments and cannot be a segment key.");
        }

        errors.ThrowIfAny();
        if (await db.Segments.AnyAsync(s => s.Key == input.Key.Value, ct))
        {
            throw new ConflictException("conflict", $"A segment with key '{input.Key.Value}' already exists.");
        }

        var query = await queries.CheckAsync(input.Query.Or(null!), input.Ast.Or(null), "query", ct);
        EnsureNoCycle(input.Key.Value, query.Root, await ReferencesAsync(ct));
        var now = clock.UtcNow();
        var segment = new Segment
        {
            Key = input.Key.Value, Name = input.Name.Value, Description = input.Description.Or(null), Query = query.Text, CreatedAt = now, UpdatedAt = now,
        };
        db.Segments.Add(segment);
        await db.SaveChangesAsync(ct);
        return segment;
    }

    public async Task<Segment> UpdateAsync(string idOrKey, SegmentInput input, CancellationToken ct)
    {
        var segment = await GetAsync(idOrKey, ct);
        preconditions.Check(segment, IdPrefixes.Segment, segment.Id, segment.Revision, "Segment", idOrKey);
        var errors = new ValidationErrors();
        if (input.Name.IsSet)
        {
            InputRules.CheckText(errors, "name", input.Name.Value, InputRules.NameMaxLength, required: true);
        }

        if (input.Key.IsSet && input.Key.Value != segment.Key)
        {
            errors.Add("key", "A segment's key cannot change, because other segments and rules refer to it by key.");
        }

        CheckDescription(errors, input);
        errors.ThrowIfAny();
        if (input.Query.IsSet || input.Ast.IsSet)
        {
            var query = await queries.CheckAsync(input.Query.Or(null!), input.Ast.Or(null), "query", ct);
            var references = await ReferencesAsync(ct);
            EnsureNoCycle(segment.Key, query.Root, references);
            if (query.Text != segment.Query)
            {
                await RedefineDependentsAsync(segment.Key, references, ct);
            }

            segment.Query = query.Text;
        }

        segment.Name = input.Name.Or(segment.Name);
        segment.Description = input.Description.Or(segment.Description);
        segment.UpdatedAt = clock.UtcNow();
        await db.SaveChangesAsync(ct);
        return segment;
    }

    public async Task DeleteAsync(string idOrKey, CancellationToken ct)
    {
        var segment = await GetAsync(idOrKey, ct);
        preconditions.Check(segment, IdPrefixes.Segment, segment.Id, segment.Revision, "Segment", idOrKey);
        var users = (await ReferencesAsync(ct)).Where(r => r.Value.Contains(segment.Key)).Select(r => $"segment '{r.Key}'").ToList();
        users.AddRange((await db.Rules.AsNoTracking().ToListAsync(ct))
            .Where(r => Rules.RuleBands.Parsed(r).Any(b => QueryReferences.Of(b.When).SegmentKeys.Contains(segment.Key)))
            .Select(r => $"rule '{r.Key}'"));
        if (users.Count > 0)
        {
            throw new ConflictException("segment_in_use", $"Segment '{segment.Key}' is used by {string.Join(", ", users)}; change those first.");
        }

        db.Segments.Remove(segment);
        await db.SaveChangesAsync(ct);
    }

    // Segments that name this one, directly or through others, change meaning with it.
    private async Task RedefineDependentsAsync(string key, Dictionary<string, IReadOnlyList<string>> graph, CancellationToken ct)
    {
        var dependents = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([key]);
        while (pending.TryDequeue(out var changed))
        {
            foreach (var user in graph.Where(g => g.Value.Contains(changed) && dependents.Add(g.Key)).Select(g => g.Key))
            {
                pending.Enqueue(user);
            }
        }

        if (dependents.Count == 0)
        {
            return;
        }

        foreach (var dependent in await db.Segments.Where(s => dependents.Contains(s.Key) && s.MembersSyncedAt != null).ToListAsync(ct))
        {
            dependent.MembersSyncedAt = Segment.RedefinedMarker;
        }
    }

    private static void CheckDescription(ValidationErrors errors, SegmentInput input)
    {
        if (input.Description.IsSet)
        {
            InputRules.CheckText(errors, "description", input.Description.Value, InputRules.DescriptionMaxLength);
        }
    }

    // Segment → segments its query names, for every saved segment of the tenant.
    private async Task<Dictionary<string, IReadOnlyList<string>>> ReferencesAsync(CancellationToken ct)
    {
        var saved = await db.Segments.AsNoTracking().Select(s => new { s.Key, s.Query }).ToListAsync(ct);
        return saved.ToDictionary(s => s.Key, s => QueryReferences.Of(SegmentQueryParser.Parse(s.Query)).SegmentKeys);
    }

    // Checks the graph with the key's references replaced by the new query's (the graph is changed accordingly).
    private static void EnsureNoCycle(string key, QueryNode root, Dictionary<string, IReadOnlyList<string>> graph)
    {
        graph[key] = QueryReferences.Of(root).SegmentKeys;
        var path = new Stack<string>();
        if (Reaches(key, key, graph, path, new HashSet<string>()))
        {
            throw new ValidationFailedException("query", $"Segment references form a cycle: {key} → {string.Join(" → ", path.Reverse())}.");
        }
    }

    private static bool Reaches(string from, string target, Dictionary<string, IReadOnlyList<string>> graph, Stack<string> path, HashSet<string> seen)
    {
        foreach (var next in graph.GetValueOrDefault(from) ?? [])
        {
            path.Push(next);
            if (next == target || (seen.Add(next) && Reaches(next, target, graph, path, seen)))
            {
                return true;
            }

            path.Pop();
        }

        return false;
    }
}
