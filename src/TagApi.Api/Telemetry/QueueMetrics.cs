using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TagApi.Core.Data;
using TagApi.Core.Telemetry;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Telemetry;

/// <summary>
/// Gauges of the work the nodes owe, read from the database once every <see cref="TelemetryOptions.SampleSeconds"/>
/// (never per request, never per scrape): the webhook outbox's backlog and the age of its oldest pending delivery, the
/// age of the oldest owed rule evaluation (rule staleness), and how long the least recently projected segment has
/// waited (membership lag). They are the cluster's figures, so every node reports the same ones.
/// </summary>
public sealed partial class QueueMetrics(
    IServiceScopeFactory scopes, TimeProvider clock, IMeterFactory meters, IOptions<TelemetryOptions> options, ILogger<QueueMetrics> logger)
    : BackgroundService
{
    private Sample _last = new(0, 0, 0, 0);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meters.Create(TagApiTelemetry.Name);
        meter.CreateObservableGauge("tagapi.webhooks.backlog", () => _last.Backlog, "{delivery}", "Webhook deliveries not yet delivered (pending, retries included).");
        meter.CreateObservableGauge("tagapi.webhooks.backlog.age", () => _last.BacklogAge, "s", "Age of the oldest pending webhook delivery (0: none).");
        meter.CreateObservableGauge("tagapi.rules.staleness", () => _last.RuleStaleness, "s", "Age of the oldest rule evaluation owed to a committed change (0: none).");
        meter.CreateObservableGauge(
            "tagapi.segments.membership.lag", () => _last.MembershipLag, "s",
            "Time since the least recently projected segment was last projected in full, or since it was created or redefined when it has not been since (0: no segments).");
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SampleSeconds), clock);
        do
        {
            try
            {
                _last = await SampleAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogSampleFailed(logger, error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<Sample> SampleAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;

        // Cross-tenant by design, like the workers whose queues these are. Per endpoint, so that each count is a range
        // of the (TenantId, EndpointId, Status, NextAttemptAt) index rather than a scan of every delivery ever made.
        var pending = await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking()
            .Select(e => new
            {
                Count = db.WebhookDeliveries.IgnoreQueryFilters()
                    .Count(d => d.TenantId == e.TenantId && d.EndpointId == e.Id && d.Status == DeliveryStatus.Pending),
                Oldest = db.WebhookDeliveries.IgnoreQueryFilters()
                    .Where(d => d.TenantId == e.TenantId && d.EndpointId == e.Id && d.Status == DeliveryStatus.Pending)
                    .Min(d => (DateTime?)d.CreatedAt),
            })
            .ToListAsync(ct);
        var oldestOwed = await db.OwedRuleEvaluations.AsNoTracking().MinAsync(o => (DateTime?)o.CreatedAt, ct);
        var leastRecentlyProjected = await db.Segments.IgnoreQueryFilters().AsNoTracking()
            .MinAsync(s => (DateTime?)(s.MembersSyncedAt == null || s.MembersSyncedAt < s.UpdatedAt ? s.UpdatedAt : s.MembersSyncedAt), ct);
        return new Sample(
            pending.Sum(p => (long)p.Count),
            AgeOf(pending.Min(p => p.Oldest), now),
            AgeOf(oldestOwed, now),
            AgeOf(leastRecentlyProjected, now));
    }

    private static double AgeOf(DateTime? since, DateTime now) => since is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the queue metrics failed; they are read again next interval")]
    private static partial void LogSampleFailed(ILogger logger, Exception error);

    private sealed record Sample(long Backlog, double BacklogAge, double RuleStaleness, double MembershipLag);
}
