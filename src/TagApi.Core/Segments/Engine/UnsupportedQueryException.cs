using TagApi.Core.Common;

namespace TagApi.Core.Segments.Engine;

/// <summary>A valid query asks for something this server cannot answer yet.</summary>
public sealed class UnsupportedQueryException(string message) : TagApiException("query_unsupported", message);
