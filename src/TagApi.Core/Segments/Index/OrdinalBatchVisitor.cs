namespace TagApi.Core.Segments.Index;

/// <summary>
/// Receives a batch of result ordinals, ascending, during a streaming visit (export). The span is
/// only valid during the call. Return false to stop the visit early.
/// </summary>
public delegate bool OrdinalBatchVisitor(ReadOnlySpan<int> ordinals);
