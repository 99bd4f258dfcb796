namespace TagApi.Core.Segments.Index;

/// <summary>
/// Receives result ordinals in ascending order from <see cref="ChunkEvaluator"/>. Implemented by
/// structs so the per-ordinal call is specialised and inlined.
/// </summary>
internal interface IOrdinalSink
{
    /// <summary>Takes one ordinal; returns false once no more are wanted.</summary>
    bool Accept(int ordinal);
}
