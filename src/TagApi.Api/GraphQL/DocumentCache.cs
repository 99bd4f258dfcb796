using System.Security.Cryptography;
using System.Text;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace TagApi.Api.GraphQL;

/// <summary>
/// Parsed documents that passed the standard validation rules, keyed by the SHA-256 of their
/// text, least recently used evicted first. A hit skips parsing and the standard rules; the rules
/// that depend on the caller or the variables (scopes, cost) still run. The same key serves
/// persisted-query ids (<c>extensions.persistedQuery.sha256Hash</c>).
/// </summary>
public sealed class DocumentCache(IOptions<GraphQLOptions> options)
{
    private readonly int _capacity = Math.Max(1, options.Value.DocumentCacheSize);
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _lock = new();

    public static string HashOf(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    public bool TryGet(string hash, out GraphQLDocument document, out string query)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(hash, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                (document, query) = (node.Value.Document, node.Value.Query);
                return true;
            }
        }

        (document, query) = (null!, null!);
        return false;
    }

    public void Add(string hash, string query, GraphQLDocument document)
    {
        lock (_lock)
        {
            if (_entries.ContainsKey(hash))
            {
                return;
            }

            _entries[hash] = _order.AddFirst(new Entry(hash, query, document));
            if (_entries.Count > _capacity)
            {
                _entries.Remove(_order.Last!.Value.Hash);
                _order.RemoveLast();
            }
        }
    }

    /// <summary>How many documents are held (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    private sealed record Entry(string Hash, string Query, GraphQLDocument Document);
}
