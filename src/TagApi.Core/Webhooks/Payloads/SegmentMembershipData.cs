namespace TagApi.Core.Webhooks.Payloads;

/// <summary>The <c>data</c> of <c>segment.entered</c> and <c>segment.exited</c>.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Customer">The customer that entered or left it.</param>
/// <param name="Trigger">What moved it: a change of the customer, a scheduled refresh, or a changed definition.</param>
public sealed record SegmentMembershipData(SegmentReference Segment, CustomerReference Customer, string Trigger);
