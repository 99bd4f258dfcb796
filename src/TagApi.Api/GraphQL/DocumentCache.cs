using System.Security.Cryptography;
using System.Text;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace TagApi.Api.GraphQL;

/// <summary>
/// Parsed documents that passed the standard validation rules, keyed by the SHA-256 of their
/// text, least recently used evicted first. A hit skips parsing and the standard rules; the rules
/// that depend on the caller or the variables (scopes, cost) still run unless the same operation
/// passed them before for the same scopes and cost-bearing variables (<see cref="ValidatedOperations"/>).
/// The same key serves persisted-query ids (<c>extensions.persistedQuery.sha256Hash</c>). A document sent
/// again as text is also found by that text, so its hash is not computed again for every request.
/// </summary>
public sealed class DocumentCache(IOptions<GraphQLOptions> options)
{
    private readonly int _capacity = Math.Max(1, options.Value.DocumentCacheSize);
    private readonly Dictionary<string, LinkedListNode<CachedDocument>> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedListNode<CachedDocument>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<CachedDocument> _order = new();
    private readonly Lock _lock = new();

    public static string HashOf(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    public bool TryGet(string hash, out CachedDocument document) => TryGet(_entries, hash, out document);

    /// <summary>The entry of a document by its exact text.</summary>
    public bool TryGetByText(string query, out CachedDocument document) => TryGet(_byText, query, out document);

    private bool TryGet(Dictionary<string, LinkedListNode<CachedDocument>> index, string key, out CachedDocument document)
    {
        lock (_lock)
        {
            if (index.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                document = node.Value;
                return true;
            }
        }

        document = null!;
        return false;
    }

    /// <summary>Keeps a document that passed the standard rules; returns the entry kept for its hash.</summary>
    public CachedDocument Add(string hash, string query, GraphQLDocument document)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(hash, out var existing))
            {
                return existing.Value;
            }

            var entry = new CachedDocument(hash, query, document);
            var node = _order.AddFirst(entry);
            _entries[hash] = node;
            _byText[query] = node;
            if (_entries.Count > _capacity)
            {
                var evicted = _order.Last!.Value;
                _entries.Remove(evicted.Hash);
                _byText.Remove(evicted.Query);
                _order.RemoveLast();
            }

            return entry;
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
}

/// <summary>A document that passed the standard rules, and what the per-request rules found for its operations.</summary>
public sealed class CachedDocument(string hash, string query, GraphQLDocument document)
{
    public string Hash { get; } = hash;

    public string Query { get; } = query;

    public GraphQLDocument Document { get; } = document;

    public ValidatedOperations Operations { get; } = new(document);
}
