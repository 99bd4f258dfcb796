using System.Collections.Concurrent;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// The activity types and channels one tenant has used, each given a small number so a timeline
/// stores two shorts instead of two strings. Append-only and safe to read while it grows.
/// </summary>
public sealed class ActivityVocabulary
{
    /// <summary>The number of "no channel".</summary>
    public const ushort NoChannel = 0;

    private readonly ConcurrentDictionary<string, ushort> _types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ushort> _channels = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ushort InternType(string type) => Intern(_types, type, first: 0);

    public ushort InternChannel(string? channel) => channel is null ? NoChannel : Intern(_channels, channel, first: 1);

    /// <summary>The type's number; null when no activity of that type was ever recorded.</summary>
    public ushort? FindType(string type) => _types.TryGetValue(type, out var id) ? id : null;

    public ushort? FindChannel(string channel) => _channels.TryGetValue(channel, out var id) ? id : null;

    /// <summary>The types and their numbers, for the snapshot file.</summary>
    internal IReadOnlyCollection<KeyValuePair<string, ushort>> TypeNumbers => [.. _types];

    /// <summary>The channels and their numbers, for the snapshot file.</summary>
    internal IReadOnlyCollection<KeyValuePair<string, ushort>> ChannelNumbers => [.. _channels];

    /// <summary>Gives names read back from a snapshot file the numbers they had.</summary>
    internal void Restore(IEnumerable<KeyValuePair<string, ushort>> types, IEnumerable<KeyValuePair<string, ushort>> channels)
    {
        foreach (var (name, number) in types)
        {
            _types[name] = number;
        }

        foreach (var (name, number) in channels)
        {
            _channels[name] = number;
        }
    }

    private ushort Intern(ConcurrentDictionary<string, ushort> names, string name, int first)
    {
        if (names.TryGetValue(name, out var id))
        {
            return id;
        }

        lock (_gate)
        {
            if (names.TryGetValue(name, out id))
            {
                return id;
            }

            var next = names.Count + first;
            if (next > ushort.MaxValue)
            {
                throw new InvalidOperationException($"A tenant may use at most {ushort.MaxValue} activity types or channels.");
            }

            names[name] = (ushort)next;
            return (ushort)next;
        }
    }
}
