using TagApi.Bench.Data;

namespace TagApi.Bench.Engines;

/// <summary>
/// TagApi's segment engine called in-process, without HTTP: the figure that shows what the engine
/// itself costs next to the bare floor. TagApi.Core has no segment engine in this build yet, so
/// <see cref="Create"/> says so; when it lands, adapt it here (build it from the dataset's
/// database, then implement <see cref="ISegmentEngineUnderTest"/> by delegating to it) and every
/// workload picks it up.
/// </summary>
public static class InProcessEngine
{
    public const string Name = "TagApi (in-process)";

    public static ISegmentEngineUnderTest Create(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        throw new NotAvailableException("not available in this build: TagApi.Core has no in-process segment engine yet");
    }
}
