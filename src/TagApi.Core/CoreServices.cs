using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TagApi.Core.Activities;
using TagApi.Core.Analytics;
using TagApi.Core.Conditional;
using TagApi.Core.Customers;
using TagApi.Core.Data.Saving;
using TagApi.Core.Idempotency;
using TagApi.Core.Rules;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Membership;
using TagApi.Core.TagAssignments;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Core;

/// <summary>Registers the domain services every transport calls.</summary>
public static class CoreServices
{
    public static IServiceCollection AddTagApiCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<TenantContext>();
        services.AddScoped<TenantService>();
        services.AddScoped<ApiClientService>();
        services.AddScoped<TagCategoryService>();
        services.AddScoped<TagLookup>();
        services.AddScoped<TagService>();
        services.AddScoped<TagMerger>();
        services.AddScoped<TagMembers>();
        services.AddScoped<TagReads>();
        services.AddScoped<CustomerLookup>();
        services.AddScoped<CustomerService>();
        services.AddScoped<TagChangeWriter>();
        services.AddScoped<CustomerTagService>();
        services.AddScoped<CustomerTagReads>();
        services.AddScoped<CustomerWithTagsReads>();
        services.AddScoped<TagAssignmentBatchService>();
        services.AddScoped<ActivityChecker>();
        services.AddScoped<ActivityService>();
        services.AddScoped<ActivityImporter>();
        services.AddScoped<BulkJobs.BulkJobService>();
        services.AddScoped<RuleDependencies>();
        services.AddScoped<RuleService>();
        services.AddScoped<RuleBandBinder>();
        services.AddScoped<RuleEvaluator>();
        services.AddScoped<RuleChangeWriter>();
        services.AddScoped<RuleRunner>();
        services.AddScoped<CustomerRuleEvaluator>();
        services.AddScoped<RuleExplainer>();
        services.AddSingleton<RuleTriggers>();
        services.AddSingleton<TagExpiry>();
        services.AddScoped<PersonalDataGuard>();
        services.AddScoped<SegmentQueries>();
        services.AddScoped<SegmentService>();
        services.AddLogging();
        services.TryAddSingleton(new Segments.Snapshots.IndexSnapshotSettings());
        services.AddSingleton<Segments.Snapshots.IndexSnapshotStore>();
        services.AddSingleton<SegmentEngine>();
        services.AddSingleton<IndexFollower>();
        services.AddSingleton<Data.Coherence.ChangeSignal>();
        services.AddSingleton<MembershipTriggers>();
        services.AddSingleton<MembershipCache>();
        services.AddScoped<MembershipProjector>();
        // The host binds these from its configuration before calling this; the defaults serve hosts that do not.
        services.TryAddSingleton(new MembershipSettings());
        services.TryAddSingleton(new IndexMemorySettings());
        services.TryAddSingleton(new Segments.SqlCounts.SegmentEngineSettings());
        services.TryAddSingleton(new Value.CustomerValueSettings());
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<ChangeLogWriter>();
        services.AddSingleton<IndexChangeLog>();
        services.AddSingleton<OutboxFanOut>();
        services.AddSingleton<CommitNotifications>();
        // Scoped: a before-commit step (IBeforeCommitStep) may hold its request's state.
        services.AddScoped<SavePipeline>();
        services.AddScoped<Preconditions>();
        services.AddScoped<IdempotencyStore>();
        services.TryAddSingleton(new IdempotencySettings());
        services.AddScoped<WebhookEndpointService>();
        services.AddScoped<EventLog>();
        services.AddScoped<WebhookBacklog>();
        services.AddScoped<SegmentEvaluation>();
        services.AddScoped<Segments.SqlCounts.SqlSegmentCounter>();
        services.AddScoped<TagHoldingsAsOf>();
        services.AddScoped<AnalyticsSnapshot>();
        services.AddScoped<Value.CustomerValueReads>();
        services.AddScoped<TagDistributionReader>();
        services.AddScoped<Analytics.Counts.TagChangeCountReader>();
        services.AddScoped<TagOverlapReader>();
        services.AddScoped<TrendReader>();
        services.AddScoped<TagProfileReader>();
        services.AddScoped<TagHygieneReader>();
        return services;
    }
}
