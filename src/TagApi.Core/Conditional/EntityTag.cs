using TagApi.Core.Common;

namespace TagApi.Core.Conditional;

/// <summary>
/// The strong entity tag of a resource version: the quoted public id and version, <c>"tag_…​.3"</c>. The id is part of
/// it so that a resource deleted and created again under the same key never matches a tag of its predecessor.
/// </summary>
public static class EntityTag
{
    public static string Of(string publicId, long version) => $"\"{publicId}.{version}\"";

    public static string Of(string prefix, long id, long version) => Of(PublicId.Encode(prefix, id), version);
}
