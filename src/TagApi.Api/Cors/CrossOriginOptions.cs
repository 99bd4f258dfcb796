using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;

namespace TagApi.Api.Cors;

/// <summary>Browser access from other origins (CORS), from the <c>Cors</c> section: none unless origins are listed.</summary>
public sealed class CrossOriginOptions : ISettingsSection, IValidatableObject
{
    public static string SectionName => "Cors";

    /// <summary>
    /// Origins whose pages may call the API from a browser, e.g. <c>https://admin.example.com</c> (scheme, host and
    /// port; no path), or <c>*</c> for any, one per index (<c>Cors:AllowedOrigins:0</c>, <c>Cors__AllowedOrigins__0</c> in the
    /// environment). Empty (the default): no CORS headers are sent and preflights are not answered.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a browser may cache a preflight's answer, in seconds.</summary>
    [Range(0, 86_400)]
    public int PreflightMaxAgeSeconds { get; set; } = 600;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
        {
            if (origin != "*" && !IsOrigin(origin))
            {
                yield return new ValidationResult(
                    $"Cors:AllowedOrigins: '{origin}' is not an origin; give scheme, host and optional port, such as https://admin.example.com, or *.",
                    [nameof(AllowedOrigins)]);
            }
        }
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && !value.EndsWith('/') && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}
