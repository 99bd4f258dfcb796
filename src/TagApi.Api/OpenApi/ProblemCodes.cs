namespace TagApi.Api.OpenApi;

/// <summary>
/// Every stable <c>code</c> a TagApi problem (RFC 9457) can carry, documented as the enum of the
/// <c>Problem</c> schema. A test scans the sources for codes given to problems and exceptions and
/// fails when one is missing here. New codes may be added (a backward-compatible change), so
/// clients should treat an unknown code by its HTTP status.
/// </summary>
public static class ProblemCodes
{
    public static IReadOnlyList<string> All { get; } =
    [
        // Request shape and validation.
        "validation_failed", "bad_request", "invalid_cursor", "query_invalid", "query_unsupported", "payload_too_large",
        "unsupported_media_type", "not_acceptable", "method_not_allowed", "uri_too_long", "request_header_fields_too_large",
        "length_required", "unprocessable_content", "request_timeout", "not_implemented",

        // Analytics requests (see AnalyticsErrorCodes).
        "too_many_items", "unknown_tag", "unknown_segment", "too_many_points", "invalid_range",

        // Auth and limits.
        "unauthorized", "forbidden", "access_token_in_query", "rate_limited", "concurrency_limited", "temporarily_unavailable", "limit_reached",

        // Resources and state.
        "not_found", "conflict", "category_in_use", "segment_in_use", "tag_has_children", "tag_archived", "tag_owned_by_rule",
        "rule_owned", "rule_running", "exclusive_conflict", "batch_rejected", "precondition_failed",

        // Bulk jobs.
        "job_finished", "job_not_finished", "not_an_export",

        // Idempotency keys (PRODUCT.md §2.5).
        "idempotency_key_invalid", "idempotency_key_reused", "idempotency_in_flight",

        "internal_error",
    ];
}
