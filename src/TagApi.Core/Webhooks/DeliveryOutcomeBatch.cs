namespace TagApi.Core.Webhooks;

/// <summary>
/// A batch of attempt outcomes for a provider that writes them in one statement
/// (<see cref="Data.TagApiDbContext.WriteDeliveryOutcomesAsync"/>). The judgement (succeeded, retry when, failed for
/// good) is made already; the statement applies it, checking only what needs the endpoint rows.
/// </summary>
/// <param name="Outcomes">One per attempt.</param>
/// <param name="Answering">Endpoints that answered in this batch and failed in none of it: their failure streak ends.</param>
/// <param name="Failing">Endpoints that failed in this batch: an enabled one without a streak starts one now.</param>
/// <param name="Restarted">Failing endpoints that also answered in this batch: their streak starts again now.</param>
/// <param name="Now">When the batch's attempts were made (the log's time, a streak's start, a completion).</param>
/// <param name="OverdueBefore">A streak begun before this (as the endpoint stood before the statement) is overdue.</param>
public sealed record DeliveryOutcomeBatch(
    IReadOnlyList<DeliveryOutcomeRow> Outcomes, long[] Answering, long[] Failing, long[] Restarted, DateTime Now, DateTime OverdueBefore);

/// <summary>
/// One attempt and the state it leaves on its delivery. The statement logs the attempt at the batch's time and
/// writes the state; but a <see cref="DeliveryStatus.Pending"/> delivery whose endpoint is disabled or gone by now
/// fails for good instead, keeping its last due time.
/// </summary>
/// <param name="DeliveryId">The delivery.</param>
/// <param name="TenantId">Its tenant.</param>
/// <param name="EndpointId">Its endpoint.</param>
/// <param name="EventId">Its event.</param>
/// <param name="Status">Succeeded, Pending (a retry is due at <paramref name="NextAttemptAt"/>) or Failed.</param>
/// <param name="StatusCode">The receiver's status code; null when it never answered.</param>
/// <param name="DurationMs">How long the attempt took.</param>
/// <param name="Error">Why it failed, at most 500 characters; null when it succeeded.</param>
/// <param name="NextAttemptAt">When the delivery is due next (its last due time when it is done).</param>
/// <param name="Completed">Whether the delivery is done (succeeded or failed for good): it gets its completion time.</param>
public sealed record DeliveryOutcomeRow(
    long DeliveryId, long TenantId, long EndpointId, long EventId, DeliveryStatus Status, int? StatusCode, int DurationMs, string? Error,
    DateTime NextAttemptAt, bool Completed);
