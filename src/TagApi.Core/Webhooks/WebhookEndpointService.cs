using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>Manages a tenant's webhook endpoints, their secrets, delivery log and replays.</summary>
public sealed class WebhookEndpointService(
    TagApiDbContext db, WebhookUrlPolicy urls, IWebhookSecretProtector secrets, WebhookOutbox outbox, Preconditions preconditions, TimeProvider clock)
{
    /// <summary>How long the secret before a rotation keeps signing.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    public async Task<Page<WebhookEndpoint>> ListAsync(PageRequest page, CancellationToken ct)
    {
        return await db.WebhookEndpoints.AsNoTracking().ToPageAsync(page, e => e.Id, ct);
    }

    public async Task<WebhookEndpoint> GetAsync(string id, CancellationToken ct) =>
        PublicId.TryDecode(IdPrefixes.WebhookEndpoint, id, out var key) && await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == key, ct) is { } endpoint
            ? endpoint
            : throw new NotFoundException("Webhook endpoint", id);

    /// <summary>Creates the endpoint; its new secret is returned alongside, the only time it is shown.</summary>
    public async Task<WebhookEndpointWithSecret> CreateAsync(WebhookEndpointInput input, CancellationToken ct)
    {
        if (!input.Url.IsSet)
        {
            throw new ValidationFailedException("url", "A URL is required.");
        }

        await ValidateAsync(input, ct);
        var now = clock.UtcNow();
        var secret = WebhookSigner.NewSecret();
        var endpoint = new WebhookEndpoint { Url = input.Url.Value, Secret = secrets.Protect(secret), CreatedAt = now };
        Apply(endpoint, input, now);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        return new WebhookEndpointWithSecret(endpoint, secret);
    }

    public async Task<WebhookEndpoint> UpdateAsync(string id, WebhookEndpointInput input, CancellationToken ct)
    {
        var endpoint = await GetAsync(id, ct);
        preconditions.Check(endpoint, IdPrefixes.WebhookEndpoint, endpoint.Id, endpoint.Revision, "Webhook endpoint", id);
        await ValidateAsync(input, ct);
        if (input.Enabled is { IsSet: true, Value: true })
        {
            endpoint.DisabledReason = null;
            endpoint.FailingSince = null;
        }

        Apply(endpoint, input, clock.UtcNow());
        await db.SaveChangesAsync(ct);
        return endpoint;
    }

    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        var endpoint = await GetAsync(id, ct);
        preconditions.Check(endpoint, IdPrefixes.WebhookEndpoint, endpoint.Id, endpoint.Revision, "Webhook endpoint", id);
        await db.WebhookDeliveries.Where(d => d.EndpointId == endpoint.Id).ExecuteDeleteAsync(ct);
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A new secret; the old one keeps signing for <see cref="RotationOverlap"/> so receivers can switch over.</summary>
    public async Task<WebhookEndpointWithSecret> RotateSecretAsync(string id, CancellationToken ct)
    {
        var endpoint = await GetAsync(id, ct);
        var secret = WebhookSigner.NewSecret();
        endpoint.PreviousSecret = WebhookSecretEncryption.IsInClear(endpoint.Secret) ? secrets.Protect(endpoint.Secret) : endpoint.Secret;
        endpoint.PreviousSecretUntil = clock.UtcNow() + RotationOverlap;
        endpoint.Secret = secrets.Protect(secret);
        endpoint.UpdatedAt = clock.UtcNow();
        await db.SaveChangesAsync(ct);
        return new WebhookEndpointWithSecret(endpoint, secret);
    }

    /// <summary>Every attempt made for the endpoint, newest first.</summary>
    public async Task<Page<WebhookAttempt>> AttemptsAsync(string id, PageRequest page, CancellationToken ct)
    {
        var endpoint = await GetAsync(id, ct);
        return await db.WebhookAttempts.AsNoTracking()
            .Where(a => a.TenantId == endpoint.TenantId && a.EndpointId == endpoint.Id)
            .ToPageAsync(page, a => a.Id, ct, descending: true);
    }

    /// <summary>Queues every matching event since a time (or after an event id) again; returns how many.</summary>
    public async Task<int> ReplayAsync(string id, DateTime? since, long? afterEventId, CancellationToken ct)
    {
        if ((since is null) == (afterEventId is null))
        {
            throw new ValidationFailedException("since", "Give either 'since' (a time) or 'after' (an event id).");
        }

        var endpoint = await GetAsync(id, ct);
        var events = await db.Events.AsNoTracking()
            .Where(e => since != null ? e.OccurredAt >= since : e.Id > afterEventId)
            .OrderBy(e => e.Id).Select(e => new { e.Id, e.Type }).ToListAsync(ct);
        var now = clock.UtcNow();
        var wanted = events.Where(e => endpoint.Wants(e.Type)).ToList();
        db.WebhookDeliveries.AddRange(wanted.Select(e => new WebhookDelivery
        {
            EndpointId = endpoint.Id, EventId = e.Id, Status = DeliveryStatus.Pending, NextAttemptAt = now, CreatedAt = now,
        }));
        await db.SaveChangesAsync(ct);
        outbox.Wake();
        return wanted.Count;
    }

    private async Task ValidateAsync(WebhookEndpointInput input, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (input.Url.IsSet && await urls.CheckUrlAsync(input.Url.Value, ct) is { } problem)
        {
            errors.Add("url", problem);
        }

        if (input.Description.IsSet)
        {
            InputRules.CheckText(errors, "description", input.Description.Value, InputRules.DescriptionMaxLength);
        }

        foreach (var type in input.EventTypes.Or(null) ?? [])
        {
            if (!Webhooks.EventTypes.All.Contains(type))
            {
                errors.Add("eventTypes", $"Unknown event type '{type}'. Known: {string.Join(", ", Webhooks.EventTypes.All)}.");
            }
        }

        errors.ThrowIfAny();
    }

    private static void Apply(WebhookEndpoint endpoint, WebhookEndpointInput input, DateTime now)
    {
        endpoint.Url = input.Url.Or(endpoint.Url);
        endpoint.Description = input.Description.Or(endpoint.Description);
        if (input.EventTypes.IsSet)
        {
            endpoint.EventTypes = string.Join(' ', (input.EventTypes.Value ?? []).Distinct());
        }

        endpoint.Enabled = input.Enabled.Or(endpoint.Enabled);
        endpoint.UpdatedAt = now;
    }
}

/// <summary>An endpoint with its signing secret in clear, as created or rotated: the only time the secret is shown.</summary>
public sealed record WebhookEndpointWithSecret(WebhookEndpoint Endpoint, string Secret);
