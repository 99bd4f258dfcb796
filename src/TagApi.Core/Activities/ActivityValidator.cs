using System.Text.Json;
using System.Text.RegularExpressions;

namespace TagApi.Core.Activities;

/// <summary>Checks one activity; returns why it is refused, or null. Normalises slugs and the currency code.</summary>
public static partial class ActivityValidator
{
    [GeneratedRegex(ActivityLimits.SlugPattern, RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();

    private static readonly DateTime Earliest = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The refusal for <paramref name="input"/>, or null with <paramref name="normalized"/> ready to store.</summary>
    public static string? Check(ActivityInput input, DateTime now, out ActivityInput normalized)
    {
        normalized = input with
        {
            Type = input.Type?.Trim().ToLowerInvariant(),
            Channel = input.Channel?.Trim().ToLowerInvariant(),
            Currency = input.Currency?.Trim().ToUpperInvariant(),
            OccurredAt = input.OccurredAt?.ToUniversalTime() ?? now,
        };

        if ((input.Customer is null) == (input.CustomerExternalId is null))
        {
            return "Name the customer by exactly one of 'customer' (id) or 'customerExternalId'.";
        }

        if (input.ExternalId is { } externalId && (externalId.Length == 0 || externalId.Length > ActivityLimits.ExternalIdMaxLength))
        {
            return $"'externalId' is 1–{ActivityLimits.ExternalIdMaxLength} characters.";
        }

        return CheckType(normalized.Type) ?? CheckChannel(normalized.Channel) ?? CheckTime(normalized.OccurredAt!.Value, now)
            ?? CheckAmount(normalized) ?? CheckProperties(input.Properties);
    }

    private static string? CheckType(string? type) => type switch
    {
        null or "" => "'type' is required: purchase, interaction, visit or a custom type.",
        _ when !SlugPattern().IsMatch(type) => $"'type' '{type}' is not a valid activity type: 1–64 lower-case letters, digits, '_' or '-'.",
        _ => null,
    };

    private static string? CheckChannel(string? channel) =>
        channel is not null && !SlugPattern().IsMatch(channel)
            ? $"'channel' '{channel}' is not valid: 1–64 lower-case letters, digits, '_' or '-' (phone, email, social, chat, store, web, app…)."
            : null;

    private static string? CheckTime(DateTime occurredAt, DateTime now)
    {
        if (occurredAt > now + ActivityLimits.FutureSkew)
        {
            return $"'occurredAt' {occurredAt:O} is in the future (more than {ActivityLimits.FutureSkew.TotalMinutes:0} minutes ahead of the server's clock).";
        }

        return occurredAt < Earliest ? "'occurredAt' is before 1970." : null;
    }

    private static string? CheckAmount(ActivityInput input)
    {
        if (input.Amount is not { } amount)
        {
            return input.Type == "purchase" ? "A purchase needs an 'amount'." : input.Currency is null ? null : "'currency' is given without an 'amount'.";
        }

        if (amount < 0 || amount > ActivityLimits.AmountMax)
        {
            return $"'amount' must be between 0 and {ActivityLimits.AmountMax:0}; record refunds as their own activity type.";
        }

        if (amount.Scale > ActivityLimits.AmountScale && decimal.Round(amount, ActivityLimits.AmountScale) != amount)
        {
            return $"'amount' has more than {ActivityLimits.AmountScale} decimal places.";
        }

        return input.Currency is { } currency && !CurrencyPattern().IsMatch(currency) ? $"'currency' '{currency}' is not an ISO 4217 code such as CNY or USD." : null;
    }

    private static string? CheckProperties(JsonElement? properties)
    {
        if (properties is not { } p || p.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (p.ValueKind != JsonValueKind.Object)
        {
            return "'properties' must be a JSON object.";
        }

        return p.GetRawText().Length > ActivityLimits.PropertiesMaxBytes ? $"'properties' is larger than {ActivityLimits.PropertiesMaxBytes / 1024} KB." : null;
    }
}
