namespace TagApi.Core.Customers;

/// <summary>Sizes of customer fields, shared by validation and the database schema.</summary>
public static class CustomerLimits
{
    public const int ExternalIdMaxLength = 200;
    public const int TextMaxLength = 200;
    public const int ShortTextMaxLength = 64;
    public const int EmailMaxLength = 320;
    public const int PhoneMaxLength = 64;
    public const int AttributesMaxBytes = 16 * 1024;
    public const int AttributesMaxDepth = 8;

    public const string EmailPattern = @"^[^@\s]+@[^@\s]+\.[^@\s]+$";

    /// <summary>Digits with optional +, spaces, dots, dashes and parentheses (the length is within <see cref="PhoneMaxLength"/>).</summary>
    public const string PhonePattern = @"^\+?[0-9 ()\-.]{3,64}$";
}
