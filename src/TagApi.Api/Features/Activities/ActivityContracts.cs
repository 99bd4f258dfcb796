using System.Text.Json;
using TagApi.Core.Activities;
using TagApi.Core.Common;

namespace TagApi.Api.Features.Activities;

/// <summary>
/// What <c>POST /v1/activities</c> binds: one activity, or — the older form, still accepted — a
/// batch in <c>activities</c> (documented as <c>POST /v1/activities/batch</c>). The bulk NDJSON
/// import reads each line as one too.
/// </summary>
/// <param name="Activities">A batch; when given, no other member may be.</param>
/// <param name="ExternalId">Your id for the activity (an order number…); an activity whose externalId was recorded before is ignored, so retries are safe.</param>
/// <param name="Customer">Customer id (<c>cus_…</c>).</param>
/// <param name="CustomerExternalId">The integrator's customer id.</param>
/// <param name="Type">purchase, interaction, visit, or a custom type (lower-case slug).</param>
/// <param name="OccurredAt">When it happened (UTC); now when omitted; at most 5 minutes ahead of the server's clock.</param>
/// <param name="Amount">Amount (required for purchases), ≥ 0, at most 4 decimal places.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Channel">phone, email, social, chat, store, web, app, or your own (lower-case slug).</param>
/// <param name="Properties">Free JSON object, up to 16 KB.</param>
public sealed record ActivityRequest(
    IReadOnlyList<ActivityRequest>? Activities = null, string? ExternalId = null, string? Customer = null, string? CustomerExternalId = null,
    string? Type = null, DateTime? OccurredAt = null, decimal? Amount = null, string? Currency = null, string? Channel = null, JsonElement? Properties = null)
{
    public bool IsBatch => Activities is not null;

    public bool HasSingleMembers =>
        ExternalId is not null || Customer is not null || CustomerExternalId is not null || Type is not null || OccurredAt is not null
        || Amount is not null || Currency is not null || Channel is not null || Properties is not null;

    public ActivityInput ToInput() => new()
    {
        ExternalId = ExternalId, Customer = Customer, CustomerExternalId = CustomerExternalId, Type = Type, OccurredAt = OccurredAt,
        Amount = Amount, Currency = Currency, Channel = Channel, Properties = Properties,
    };
}

/// <summary>
/// One activity, as <c>POST /v1/activities</c> takes it and as each item of a batch. Name the
/// customer by <c>customer</c> (id) or <c>customerExternalId</c>.
/// </summary>
/// <param name="ExternalId">Your id for the activity (an order number…); an activity whose externalId was recorded before is ignored, so retries are safe.</param>
/// <param name="Customer">Customer id (<c>cus_…</c>).</param>
/// <param name="CustomerExternalId">The integrator's customer id.</param>
/// <param name="Type">purchase, interaction, visit, or a custom type (lower-case slug).</param>
/// <param name="OccurredAt">When it happened (UTC); now when omitted; at most 5 minutes ahead of the server's clock.</param>
/// <param name="Amount">Amount (required for purchases), ≥ 0, at most 4 decimal places.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Channel">phone, email, social, chat, store, web, app, or your own (lower-case slug).</param>
/// <param name="Properties">Free JSON object, up to 16 KB.</param>
public sealed record ActivityItemRequest(
    string? ExternalId = null, string? Customer = null, string? CustomerExternalId = null, string? Type = null, DateTime? OccurredAt = null,
    decimal? Amount = null, string? Currency = null, string? Channel = null, JsonElement? Properties = null)
{
    public ActivityInput ToInput() => new()
    {
        ExternalId = ExternalId, Customer = Customer, CustomerExternalId = CustomerExternalId, Type = Type, OccurredAt = OccurredAt,
        Amount = Amount, Currency = Currency, Channel = Channel, Properties = Properties,
    };
}

/// <summary>A batch of up to 1,000 activities, recorded all together or not at all.</summary>
/// <param name="Activities">The activities, in order.</param>
public sealed record RecordActivitiesRequest(IReadOnlyList<ActivityItemRequest> Activities);

/// <summary>A recorded (or already known) activity.</summary>
/// <param name="Id">Activity id (<c>act_…</c>).</param>
/// <param name="ExternalId">Your id for it, if given.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Duplicate">True when the externalId was recorded before and nothing changed.</param>
public sealed record ActivityResponse(string Id, string? ExternalId, string Customer, bool Duplicate)
{
    public static ActivityResponse From(ActivityOutcome o) =>
        new(PublicId.Encode(IdPrefixes.Activity, o.ActivityId), o.ExternalId, PublicId.Encode(IdPrefixes.Customer, o.CustomerId), o.Duplicate);
}

/// <summary>The outcome of a batch, item by item in request order.</summary>
/// <param name="Recorded">Activities stored now.</param>
/// <param name="Duplicates">Activities ignored because their externalId was seen before.</param>
/// <param name="Data">One entry per submitted activity.</param>
public sealed record RecordActivitiesResponse(int Recorded, int Duplicates, IReadOnlyList<ActivityResponse> Data);
