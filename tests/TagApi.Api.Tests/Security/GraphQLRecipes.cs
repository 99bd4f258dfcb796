using static TagApi.Api.Tests.Security.GraphQLSchemaModel;

namespace TagApi.Api.Tests.Security;

/// <summary>A root field called by tenant B with an argument naming one of tenant A's resources.</summary>
/// <param name="Label">What it tries.</param>
/// <param name="Field">The root field.</param>
/// <param name="IsMutation">Whether it is a mutation.</param>
/// <param name="Arguments">Argument literals (GraphQL syntax).</param>
/// <param name="MayAnswer">A legitimate request about B's own data (a position in the change log): it may succeed, showing nothing of A's.</param>
public sealed record GqlReference(string Label, string Field, bool IsMutation, IReadOnlyDictionary<string, string> Arguments, bool MayAnswer = false);

/// <summary>
/// The GraphQL side of the recipes: lookups by id and key are derived from the schema (a root query field
/// taking <c>id</c> and returning a seeded type); every other field whose arguments can name a resource
/// needs a line in <see cref="References"/>, or <see cref="Uncovered"/> reports it.
/// </summary>
public static class GraphQLRecipes
{
    // Argument names that name a resource when they hold text; any argument typed ID does too.
    private static readonly HashSet<string> ResourceNames = ["id", "clientId", "customer", "tag", "tags", "into", "source", "parent", "category", "query"];

    /// <summary>The seeded object of each type, by id and (where it has one) key.</summary>
    public static IReadOnlyDictionary<string, (string Id, string? Key)> ObjectsByType(SeededTenant t) => new Dictionary<string, (string, string?)>
    {
        ["Tag"] = (t.TagId, t.TagKey), ["TagCategory"] = (t.CategoryId, t.CategoryKey), ["Customer"] = (t.CustomerId, null),
        ["Segment"] = (t.SegmentId, t.SegmentKey), ["Rule"] = (t.RuleId, t.RuleKey), ["WebhookEndpoint"] = (t.EndpointId, null),
        ["BulkJob"] = (t.JobId, null),
    };

    /// <summary>The ids <c>node(id)</c> resolves, by the type they name.</summary>
    public static IEnumerable<(string Type, string Id)> IdsByType(SeededTenant t) =>
        ObjectsByType(t).Where(o => o.Key is not "Rule" and not "BulkJob").Select(o => (o.Key, o.Value.Id));

    /// <summary>Every lookup of a seeded object by id or key (and <c>node</c> by every id), with <paramref name="owner"/>'s values.</summary>
    public static IEnumerable<(GqlRootField Field, IReadOnlyDictionary<string, string> Arguments)> Lookups(GraphQLSchemaModel model, SeededTenant owner)
    {
        var objects = ObjectsByType(owner);
        foreach (var field in model.Roots.Where(f => !f.IsMutation && f.Takes("id")))
        {
            if (field.Name == "node")
            {
                foreach (var (_, id) in IdsByType(owner))
                {
                    yield return (field, Args(("id", Literal(id))));
                }
            }
            else if (objects.TryGetValue(field.Type.Named.Name!, out var seeded))
            {
                yield return (field, Args(("id", Literal(seeded.Id))));
                if (seeded.Key is not null && field.Takes("key"))
                {
                    yield return (field, Args(("key", Literal(seeded.Key))));
                }
            }
        }
    }

    /// <summary>Every other way a root field's arguments can name another tenant's resource.</summary>
    public static IEnumerable<GqlReference> References(SeededTenant a, SeededTenant b) =>
    [
        Query("explain A's customer", "explainCustomerTag", ("customer", Literal(a.CustomerId)), ("tag", Literal(b.TagKey))),
        Query("explain A's tag", "explainCustomerTag", ("customer", Literal(b.CustomerId)), ("tag", Literal(a.TagId))),
        Query("customers holding A's tag", "customers", ("tag", Literal(a.TagId))),
        Query("customers by a query naming A's tag", "customers", ("query", Literal($"tag = '{a.TagKey}'"))),
        Query("query naming A's tag", "segmentQuery", ("query", Literal($"tag = '{a.TagKey}'"))),
        Query("validating a query naming A's segment", "validateSegmentQuery", ("query", Literal($"segment = '{a.SegmentKey}'"))) with { MayAnswer = true },
        Query("tags of A's category", "tags", ("category", Literal(a.CategoryId))),
        Query("tags under A's parent", "tags", ("parent", Literal(a.TagId))),
        Query("analytics of A's category", "tagAnalytics", ("category", Literal(a.CategoryId))),
        Query("overlap of A's tag", "tagOverlap", ("tags", $"[{Literal(a.TagId)}, {Literal(b.TagKey)}]")),
        Query("overlap of A's segment", "tagOverlap", ("segments", $"[{Literal(a.SegmentId)}]")),
        Query("trend of A's tag", "tagTrend", ("tag", Literal(a.TagId))),
        Query("trend of A's segment", "segmentTrend", ("segment", Literal(a.SegmentId))),
        Query("profile of A's tag", "tagProfile", ("tag", Literal(a.TagKey))),
        Query("events after A's event", "events", ("after", Literal(a.EventId))) with { MayAnswer = true },
        Mutation("update A's tag", "updateTag", ("id", Literal(a.TagId)), ("input", "{name: \"Probe\"}")),
        Mutation("delete A's tag", "deleteTag", ("id", Literal(a.TagId))),
        Mutation("merge A's tag", "mergeTags", ("source", Literal(a.TagId)), ("into", Literal(b.Tag2Key))),
        Mutation("merge into A's tag", "mergeTags", ("source", Literal(b.Tag2Key)), ("into", Literal(a.TagId))),
        Mutation("tag under A's parent", "createTag", ("input", $"{{key: \"probe_gql_child\", name: \"Probe\", parent: {Literal(a.TagId)}}}")),
        Mutation("tag in A's category", "createTag", ("input", $"{{key: \"probe_gql_cat\", name: \"Probe\", category: {Literal(a.CategoryId)}}}")),
        Mutation("update A's category", "updateTagCategory", ("id", Literal(a.CategoryId)), ("input", "{name: \"Probe\"}")),
        Mutation("delete A's category", "deleteTagCategory", ("id", Literal(a.CategoryId))),
        Mutation("update A's customer", "updateCustomer", ("id", Literal(a.CustomerId)), ("input", "{city: \"Probe\"}")),
        Mutation("delete A's customer", "deleteCustomer", ("id", Literal(a.CustomerId))),
        Mutation("tag A's customer", "tagsAdd", ("customer", Literal(a.CustomerId)), ("tags", $"[{Literal(b.ProbeTagKey)}]")),
        Mutation("give B's customer A's tag", "tagsAdd", ("customer", Literal(b.CustomerId)), ("tags", $"[{Literal(a.TagId)}]")),
        Mutation("untag A's customer", "tagsRemove", ("customer", Literal(a.CustomerId)), ("tags", $"[{Literal(b.TagKey)}]")),
        Mutation("batch with A's customer", "assignTags", ("add", $"[{{customer: {Literal(a.CustomerId)}, tag: {Literal(b.ProbeTagKey)}}}]")),
        Mutation("batch with A's tag", "assignTags", ("add", $"[{{customer: {Literal(b.CustomerId)}, tag: {Literal(a.TagId)}}}]")),
        Mutation("activity of A's customer", "recordActivities", ("activities", $"[{{customer: {Literal(a.CustomerId)}, type: \"visit\"}}]")),
        Mutation("segment naming A's segment", "createSegment", ("input", $"{{key: \"probe_gql_seg\", name: \"Probe\", query: {Literal($"segment = '{a.SegmentKey}'")}}}")),
        Mutation("update A's segment", "updateSegment", ("id", Literal(a.SegmentId)), ("input", "{name: \"Probe\"}")),
        Mutation("delete A's segment", "deleteSegment", ("id", Literal(a.SegmentId))),
        Mutation("rule assigning A's tag", "createRule", ("input", $"{{key: \"probe_gql_rule\", name: \"Probe\", tag: {Literal(a.TagId)}, condition: \"true\", enabled: false}}")),
        Mutation("update A's rule", "updateRule", ("id", Literal(a.RuleId)), ("input", "{name: \"Probe\"}")),
        Mutation("delete A's rule", "deleteRule", ("id", Literal(a.RuleId))),
        Mutation("preview A's rule", "previewRule", ("id", Literal(a.RuleId))),
        Mutation("run A's rule", "runRule", ("id", Literal(a.RuleId))),
        Mutation("update A's endpoint", "updateWebhookEndpoint", ("id", Literal(a.EndpointId)), ("input", "{description: \"Probe\"}")),
        Mutation("delete A's endpoint", "deleteWebhookEndpoint", ("id", Literal(a.EndpointId))),
        Mutation("rotate A's secret", "rotateWebhookSecret", ("id", Literal(a.EndpointId))),
        Mutation("test A's endpoint", "testWebhookEndpoint", ("id", Literal(a.EndpointId))),
        Mutation("replay to A's endpoint", "replayWebhookEndpoint", ("id", Literal(a.EndpointId)), ("since", "\"2020-01-01T00:00:00Z\"")),
        Mutation("replay after A's event", "replayWebhookEndpoint", ("id", Literal(b.EndpointId)), ("after", Literal(a.EventId))) with { MayAnswer = true },
        Mutation("revoke A's client", "deleteApiClient", ("clientId", Literal(a.ClientId))),
        Mutation("cancel A's job", "cancelBulkJob", ("id", Literal(a.JobId))),
        Mutation("tag A's segment", "startBulkJob", ("input", $"{{kind: \"segment.tag\", segment: {Literal(a.SegmentKey)}, tag: {Literal(b.ProbeTagKey)}, op: \"add\"}}")),
        Mutation("tag by a query naming A's tag", "startBulkJob", ("input", $"{{kind: \"segment.tag\", query: {Literal($"tag = '{a.TagKey}'")}, tag: {Literal(b.ProbeTagKey)}, op: \"add\"}}")),
        Mutation("give B's segment A's tag", "startBulkJob", ("input", $"{{kind: \"segment.tag\", segment: {Literal(b.SegmentKey)}, tag: {Literal(a.TagId)}, op: \"add\"}}")),
    ];

    /// <summary>Root fields whose arguments can name a resource but that no lookup or reference covers.</summary>
    public static IEnumerable<GqlRootField> Uncovered(GraphQLSchemaModel model)
    {
        var lookups = Lookups(model, SeededTenant.Empty).Select(l => l.Field).ToHashSet();
        var referenced = References(SeededTenant.Empty, SeededTenant.Empty).Select(r => (r.Field, r.IsMutation)).ToHashSet();
        return model.Roots.Where(f => !lookups.Contains(f) && !referenced.Contains((f.Name, f.IsMutation))
            && f.Args.Any(a => model.References(a, ResourceNames)));
    }

    /// <summary>
    /// Connections whose cursor is a documented position rather than a tenant-bound token: an event's cursor is
    /// its <c>evt_…</c> id, and the log is filtered by tenant, so another tenant's cursor only marks a place in it.
    /// </summary>
    public static IReadOnlySet<string> PositionCursors { get; } = new HashSet<string> { "events" };

    /// <summary>Arguments a field cannot do without to answer normally (a query to evaluate).</summary>
    public static IReadOnlyDictionary<string, string> ValidArguments(GqlRootField field) =>
        field.Name == "segmentQuery" ? Args(("query", Literal("true"))) : Args();

    private static GqlReference Query(string label, string field, params (string, string)[] args) => new(label, field, false, Args(args));

    private static GqlReference Mutation(string label, string field, params (string, string)[] args) => new(label, field, true, Args(args));

    private static Dictionary<string, string> Args(params (string Name, string Literal)[] args) => args.ToDictionary(a => a.Name, a => a.Literal);
}
