using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TagApi.Bench.Infrastructure;

/// <summary>What the figures were measured on; absolute numbers mean little without it.</summary>
public sealed record MachineInfo(
    string Cpu,
    int LogicalCores,
    long? MemoryBytes,
    string Os,
    string Runtime,
    bool Vector256Accelerated,
    string? PostgresVersion,
    string? SqliteVersion)
{
    public static MachineInfo Collect(string? postgresVersion, string? sqliteVersion) => new(
        CpuModel(),
        Environment.ProcessorCount,
        TotalMemory(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        Vector256.IsHardwareAccelerated,
        postgresVersion,
        sqliteVersion);

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            var model = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (model is not null)
            {
                return model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static long? TotalMemory()
    {
        var info = GC.GetGCMemoryInfo();
        return info.TotalAvailableMemoryBytes > 0 ? info.TotalAvailableMemoryBytes : null;
    }
}
