using System.Globalization;

namespace TagApi.Bench.Workloads;

/// <summary>
/// Which of W4b's stores, writes and loads a run measures (<c>--w4b-only</c>): a kind of filter not named runs whole,
/// so <c>postgres,upsert</c> is every load of upserts on PostgreSQL.
/// </summary>
public sealed record W4bSelection(
    IReadOnlySet<string> Stores, IReadOnlyList<W4bOperation> Operations, IReadOnlyList<int> Connections, IReadOnlyList<int> Rates)
{
    private static readonly string[] AllStores = ["postgres", "sqlite"];
    private static readonly W4bOperation[] AllOperations = [W4bOperation.Upsert, W4bOperation.TagAdd, W4bOperation.TagRemove, W4bOperation.Activity];
    private static readonly int[] AllConnections = [1, 8, 32, 128];
    private static readonly int[] AllRates = [1_000, 5_000];

    public bool Runs(string store) => Stores.Contains(store);

    public static W4bSelection Of(IReadOnlySet<string> filters)
    {
        var stores = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var operations = new List<W4bOperation>();
        var connections = new List<int>();
        var rates = new List<int>();
        foreach (var filter in filters)
        {
            if (AllStores.Contains(filter, StringComparer.OrdinalIgnoreCase))
            {
                stores.Add(filter);
            }
            else if (int.TryParse(filter, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && AllConnections.Contains(n))
            {
                connections.Add(n);
            }
            else if (AllOperations.Where(o => o.ToString().Equals(filter, StringComparison.OrdinalIgnoreCase)).ToList() is [var operation])
            {
                operations.Add(operation);
            }
            else if (filter.EndsWith('k') && int.TryParse(filter[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && AllRates.Contains(k * 1_000))
            {
                rates.Add(k * 1_000);
            }
            else
            {
                throw new ArgumentException($"--w4b-only: '{filter}' is none of {string.Join(", ", AllStores)}, " +
                    $"{string.Join(", ", AllOperations.Select(o => o.ToString().ToLowerInvariant()))}, {string.Join(", ", AllConnections)}, 1k, 5k");
            }
        }

        var loadsNamed = connections.Count + rates.Count > 0;
        return new W4bSelection(
            stores.Count > 0 ? stores : new HashSet<string>(AllStores, StringComparer.OrdinalIgnoreCase),
            operations.Count > 0 ? AllOperations.Where(operations.Contains).ToList() : AllOperations,
            loadsNamed ? AllConnections.Where(connections.Contains).ToList() : AllConnections,
            loadsNamed ? AllRates.Where(rates.Contains).ToList() : AllRates);
    }
}
