namespace TagApi.Core.Segments.Engine;

/// <summary>One phase of building a tenant's index from the database: what it read or built, how many rows, how long.</summary>
/// <param name="Name">The phase (<c>catalog</c>, <c>assignments</c>, <c>activities</c>, <c>customers</c>, <c>index</c>).</param>
/// <param name="Rows">Rows read or customers indexed.</param>
/// <param name="Seconds">Its wall time; phases that read in parallel overlap.</param>
public sealed record IndexBuildPhase(string Name, long Rows, double Seconds);
