using System.Globalization;

namespace TagApi.Bench.Infrastructure;

/// <summary>Resident and peak resident memory of a process, from Linux's /proc (null elsewhere).</summary>
public sealed record MemorySample(long? ResidentBytes, long? PeakResidentBytes);

public static class ProcessMemory
{
    public static MemorySample Read(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return new MemorySample(null, null);
        }

        long? rss = null, hwm = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line);
            }
        }

        return new MemorySample(rss, hwm);
    }

    /// <summary>
    /// Resets the kernel's peak-RSS mark to the current RSS, so the next peak belongs to what runs
    /// after this call. Returns false where the kernel does not allow it.
    /// </summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Kilobytes(string line)
    {
        // "VmRSS:\t 123456 kB": the kernel pads the number to eight places with spaces after a tab, so from 10 GB on
        // only the tab separates it from the label.
        var digits = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1];
        return long.Parse(digits, CultureInfo.InvariantCulture) * 1024;
    }

    public static string Format(long? bytes) => bytes is { } b ? $"{b / (1024.0 * 1024.0):0.0} MiB" : "n/a";
}
