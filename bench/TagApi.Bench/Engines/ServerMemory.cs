using System.Globalization;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Engines;

/// <summary>What a TagApi server holds after warm-up: its tenant index, its resident set and its GC heap.</summary>
public sealed record ServerMemorySample(long Customers, long IndexBytes, long? ResidentBytes, long? GcHeapBytes)
{
    /// <summary>One line for a report's notes, with the bytes per customer of the index and of the whole process.</summary>
    public string Describe() =>
        $"`/v1/segments/index` memoryBytes {ProcessMemory.Format(IndexBytes)} ({PerCustomer(IndexBytes)} per customer, {Customers:N0} customers); " +
        $"server RSS {ProcessMemory.Format(ResidentBytes)} ({PerCustomer(ResidentBytes)} per customer); " +
        $"GC heap after its last collection {ProcessMemory.Format(GcHeapBytes)}" +
        (GcHeapBytes is null ? " (the server's Prometheus scrape was off in this run)" : "");

    private string PerCustomer(long? bytes) =>
        bytes is { } b && Customers > 0 ? (b / (double)Customers).ToString("0.0", CultureInfo.InvariantCulture) + " B" : "n/a";
}

public static class ServerMemory
{
    /// <summary>
    /// Reads the index from the API, RSS from /proc and the GC heap from the server's Prometheus scrape
    /// (<c>dotnet_gc_last_collection_heap_size</c>, summed over generations) when it has one.
    /// </summary>
    public static ServerMemorySample Read(HttpSegmentEngine engine, int processId, Uri? metrics)
    {
        var (customers, indexBytes) = engine.IndexStats();
        return new ServerMemorySample(customers, indexBytes, ProcessMemory.Read(processId).ResidentBytes, metrics is null ? null : GcHeap(metrics));
    }

    private static long? GcHeap(Uri metrics)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var text = http.GetStringAsync(metrics).GetAwaiter().GetResult();
            double? sum = null;
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("dotnet_gc_last_collection_heap_size", StringComparison.Ordinal))
                {
                    var value = line[(line.LastIndexOf(' ') + 1)..];
                    sum = (sum ?? 0) + double.Parse(value, CultureInfo.InvariantCulture);
                }
            }

            return sum is { } s ? (long)s : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
