namespace ClientCheck.NSwag;

/// <summary>
/// NSwag's documented extension point, not an edit of the generated code: its System.Text.Json
/// clients write every unset member as <c>null</c>, while TagApi reads <c>null</c> as "clear this
/// member" (merge-patch) and refuses it for members that cannot be cleared, so unset members are left out.
/// </summary>
public partial class TagApiClient
{
    static partial void UpdateJsonSerializerSettings(System.Text.Json.JsonSerializerOptions settings) =>
        settings.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
}
