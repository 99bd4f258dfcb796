using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;

namespace TagApi.Api.GraphQL;

/// <summary>
/// The library's System.Text.Json serializer (same options, same converters), which also writes a result
/// straight into the response's pipe through a writer kept per thread: no stream adapter, no serializer
/// buffer copied into the body, no writer allocated per response.
/// </summary>
public sealed class GraphQLResponseSerializer : GraphQLSerializer
{
    // Where a kept writer points between responses, so it holds on to no response's pipe.
    private static readonly ArrayBufferWriter<byte> Nowhere = new(1);

    [ThreadStatic]
    private static (GraphQLResponseSerializer Owner, Utf8JsonWriter Writer)? _kept;

    private readonly JsonWriterOptions _writerOptions;

    public GraphQLResponseSerializer(JsonSerializerOptions options, IErrorInfoProvider errorInfoProvider)
        : base(options, errorInfoProvider)
    {
        // What JsonSerializer would take from the options when it makes the writer itself.
        _writerOptions = new JsonWriterOptions
        {
            Encoder = SerializerOptions.Encoder,
            Indented = SerializerOptions.WriteIndented,
            MaxDepth = SerializerOptions.MaxDepth,
        };
    }

    /// <summary>Writes <paramref name="result"/> as the response body and flushes it.</summary>
    public ValueTask<FlushResult> WriteAsync(PipeWriter body, ExecutionResult result, CancellationToken ct)
    {
        var writer = _kept is { } kept && kept.Owner == this ? kept.Writer : null;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(body, _writerOptions);
            _kept = (this, writer);
        }
        else
        {
            writer.Reset(body);
        }

        try
        {
            JsonSerializer.Serialize(writer, result, SerializerOptions);
            writer.Flush();
        }
        finally
        {
            writer.Reset(Nowhere);
        }

        return body.FlushAsync(ct);
    }
}
