using Swashbuckle.AspNetCore.SwaggerGen;
using TagApi.Core.Common;

namespace TagApi.Api.OpenApi;

/// <summary>Documents an <see cref="Optional{T}"/> request member as a plain <c>T</c>: on the wire it is just the value, or absent.</summary>
internal sealed class OptionalAwareContractResolver(ISerializerDataContractResolver inner) : ISerializerDataContractResolver
{
    public DataContract GetDataContractForType(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
        {
            return inner.GetDataContractForType(type.GetGenericArguments()[0]);
        }

        return inner.GetDataContractForType(type);
    }
}
