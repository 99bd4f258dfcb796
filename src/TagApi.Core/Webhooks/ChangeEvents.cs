using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Rules;
using TagApi.Core.Segments.Membership;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tags;
using TagApi.Core.Webhooks.Payloads;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Derives the change log's events from what a save changes — the one place events come from, so
/// no write path can forget one. Captured before the save (states and changed members), turned
/// into events after it (when new rows have their ids), inside the same transaction.
/// </summary>
internal sealed class ChangeEvents
{
    private static readonly HashSet<string> Bookkeeping = [nameof(Customer.Version), nameof(Customer.UpdatedAt)];
    private readonly List<(Customer Customer, EntityState State, string[] Changed)> _customers = [];
    private readonly List<(Tag Tag, EntityState State)> _tags = [];
    private readonly List<TagHistoryEntry> _ledger = [];
    private readonly List<TagAlias> _aliases = [];
    private readonly List<RuleRun> _runs = [];
    private readonly List<BulkJob> _jobs = [];
    private readonly List<(SegmentMember Member, bool Entered)> _memberships = [];
    private readonly List<WebhookEndpoint> _disabled = [];
    private readonly Dictionary<long, Customer> _tracked = [];

    /// <summary>The ledger lines the save adds (tag changes), in the order they were staged.</summary>
    public IReadOnlyList<TagHistoryEntry> Ledger => _ledger;

    public bool Any => _customers.Count + _tags.Count + _ledger.Count + _runs.Count + _jobs.Count + _memberships.Count + _disabled.Count > 0;

    /// <summary>
    /// What the save changes. A save without a tenant (the dispatcher serves every tenant) announces only what names
    /// its tenant itself: the endpoints it disables. Its events carry that tenant; the others get the save's.
    /// </summary>
    public static ChangeEvents Capture(ChangeTracker tracker, bool tenantBound)
    {
        var changes = new ChangeEvents();
        foreach (var entry in tracker.Entries())
        {
            if (!tenantBound)
            {
                if (entry.Entity is WebhookEndpoint endpoint && DisabledAutomatically(entry))
                {
                    changes._disabled.Add(endpoint);
                }

                continue;
            }

            if (entry.Entity is Customer tracked)
            {
                changes._tracked[tracked.Id] = tracked;
            }

            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Customer customer:
                    var changed = entry.Properties.Where(p => p.IsModified && !Bookkeeping.Contains(p.Metadata.Name)).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Metadata.Name)).ToArray();
                    if (entry.State != EntityState.Modified || changed.Length > 0)
                    {
                        changes._customers.Add((customer, entry.State, changed));
                    }

                    break;
                case Tag tag:
                    changes._tags.Add((tag, entry.State));
                    break;
                case TagHistoryEntry line when entry.State == EntityState.Added:
                    changes._ledger.Add(line);
                    break;
                case TagAlias alias when entry.State == EntityState.Added:
                    changes._aliases.Add(alias);
                    break;
                case RuleRun run when entry.State == EntityState.Added:
                    changes._runs.Add(run);
                    break;
                case BulkJob job when entry.State == EntityState.Modified && entry.Property(nameof(BulkJob.Status)).IsModified && BulkJobStatus.IsFinished(job.Status):
                    changes._jobs.Add(job);
                    break;
                case SegmentMember { Notice: not null } member:
                    changes._memberships.Add((member, entry.State == EntityState.Added));
                    break;
                case WebhookEndpoint endpoint when DisabledAutomatically(entry):
                    changes._disabled.Add(endpoint);
                    break;
            }
        }

        return changes;
    }

    /// <summary>
    /// The customer changes of a write made around the change tracker (see <see cref="Data.Saving.WrittenChange"/>), as
    /// <see cref="Capture"/> would have taken them from a tracked save: an update that changed only the bookkeeping
    /// announces nothing.
    /// </summary>
    public static ChangeEvents OfWritten(IEnumerable<(Customer Customer, EntityState State, string[] Changed)> customers, IEnumerable<TagHistoryEntry> ledger)
    {
        var changes = new ChangeEvents();
        changes._ledger.AddRange(ledger);
        foreach (var (customer, state, changed) in customers)
        {
            changes._tracked[customer.Id] = customer;
            var names = changed.Where(n => !Bookkeeping.Contains(n)).Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();
            if (state != EntityState.Modified || names.Length > 0)
            {
                changes._customers.Add((customer, state, names));
            }
        }

        return changes;
    }

    public IEnumerable<Event> ToEvents(DateTime now)
    {
        foreach (var (customer, state, changed) in _customers)
        {
            var type = state switch
            {
                EntityState.Added => EventTypes.CustomerCreated,
                EntityState.Deleted => EventTypes.CustomerDeleted,
                _ => EventTypes.CustomerUpdated,
            };
            yield return New(type, now, new CustomerEventData(CustomerRef(customer), customer.Version, changed));
        }

        foreach (var group in _ledger.GroupBy(l => (l.CustomerId, Added: l.Action == TagHistoryAction.Added, l.Source, l.SourceRef)))
        {
            var customer = _tracked.GetValueOrDefault(group.Key.CustomerId);
            yield return New(group.Key.Added ? EventTypes.CustomerTagsAdded : EventTypes.CustomerTagsRemoved, now, new CustomerTagsChangedData(
                customer is null ? new CustomerReference(PublicId.Encode(IdPrefixes.Customer, group.Key.CustomerId), null) : CustomerRef(customer),
                [.. group.Select(l => new TagChangeData(PublicId.Encode(IdPrefixes.Tag, l.TagId), l.TagKey, l.Action.ToString().ToLowerInvariant(), l.Reason))],
                group.Key.Source.ToString().ToLowerInvariant(),
                group.Key.SourceRef,
                customer?.Version));
        }

        foreach (var (tag, state) in _tags)
        {
            var mergedInto = state == EntityState.Deleted ? _aliases.FirstOrDefault(a => a.Key == tag.Key) : null;
            var type = mergedInto is not null ? EventTypes.TagMerged : state switch
            {
                EntityState.Added => EventTypes.TagCreated,
                EntityState.Deleted => EventTypes.TagDeleted,
                _ => EventTypes.TagUpdated,
            };
            yield return New(type, now, new TagEventData(
                new TagReference(PublicId.Encode(IdPrefixes.Tag, tag.Id), tag.Key, tag.Name),
                mergedInto is null ? null : new IdReference(PublicId.Encode(IdPrefixes.Tag, mergedInto.TagId))));
        }

        foreach (var run in RunEvents(now))
        {
            yield return run;
        }

        foreach (var job in JobEvents(now))
        {
            yield return job;
        }

        foreach (var membership in MembershipEvents(now))
        {
            yield return membership;
        }

        foreach (var disabled in DisabledEvents(now))
        {
            yield return disabled;
        }
    }

    /// <summary>
    /// An endpoint switched off by the dispatcher (410 Gone, five days of failure), which says why in the same change.
    /// A client switching its own endpoint off (<c>enabled: false</c>) gives no reason and is not announced: PRODUCT §5
    /// names the automatic case only, the client knows already, and the event would have no reason to carry.
    /// </summary>
    private static bool DisabledAutomatically(EntityEntry entry)
    {
        if (entry.State != EntityState.Modified)
        {
            return false;
        }

        var enabled = entry.Property(nameof(WebhookEndpoint.Enabled));
        var reason = entry.Property(nameof(WebhookEndpoint.DisabledReason));
        return enabled is { IsModified: true, OriginalValue: true, CurrentValue: false } && reason is { IsModified: true, CurrentValue: not null };
    }

    // Each carries its endpoint's tenant: the dispatcher's save has none of its own.
    private IEnumerable<Event> DisabledEvents(DateTime now) => _disabled.Select(endpoint =>
    {
        var e = New(EventTypes.WebhookEndpointDisabled, now, new WebhookEndpointDisabledData(
            new EndpointReference(PublicId.Encode(IdPrefixes.WebhookEndpoint, endpoint.Id), endpoint.Url), endpoint.DisabledReason));
        e.TenantId = endpoint.TenantId;
        return e;
    });

    private IEnumerable<Event> MembershipEvents(DateTime now) => _memberships.Select(m => New(m.Entered ? EventTypes.SegmentEntered : EventTypes.SegmentExited, now, new SegmentMembershipData(
        new SegmentReference(PublicId.Encode(IdPrefixes.Segment, m.Member.SegmentId), m.Member.Notice!.SegmentKey),
        new CustomerReference(PublicId.Encode(IdPrefixes.Customer, m.Member.CustomerId), m.Member.Notice.CustomerExternalId),
        m.Member.Notice.Trigger)));

    private IEnumerable<Event> RunEvents(DateTime now) => _runs.Select(run => New(EventTypes.RuleRunCompleted, now, new RuleRunCompletedData(
        new RuleReference(PublicId.Encode(IdPrefixes.Rule, run.RuleId), run.Rule?.Key),
        run.RuleVersion, run.Trigger, run.Added, run.Removed, run.Matched, run.DurationMs, run.Error)));

    private IEnumerable<Event> JobEvents(DateTime now) => _jobs.Select(job => New(EventTypes.BulkJobCompleted, now, new BulkJobCompletedData(
        PublicId.Encode(IdPrefixes.BulkJob, job.Id), job.Kind, job.Status, job.Processed, job.Total, job.Errors, job.Failure)));

    private static CustomerReference CustomerRef(Customer customer) => new(PublicId.Encode(IdPrefixes.Customer, customer.Id), customer.ExternalId);

    private static Event New<TData>(string type, DateTime now, TData data)
        where TData : class => new() { Type = type, OccurredAt = now, Data = EventDataJson.Serialize(data) };
}
