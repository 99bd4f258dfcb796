using System.Text;
using TagApi.Core.Common;

namespace TagApi.Core.Webhooks;

/// <summary>
/// An event as receivers get it: its public id (the constant <c>webhook-id</c>) and its encoded body. One claimed
/// batch holds each event once per subscribed endpoint; they share one of these, so the body is built and encoded
/// once, not once per endpoint.
/// </summary>
internal sealed class OutgoingEvent(Event e)
{
    private byte[]? _body;

    public Event Event { get; } = e;

    public string Id { get; } = e.Id == 0 ? "evt_test_" + Guid.NewGuid().ToString("N")[..16] : PublicId.Encode(IdPrefixes.Event, e.Id);

    // Built on first use by whichever send needs it first; a race builds the same bytes twice, harmlessly.
    public byte[] Body => _body ??= Encoding.UTF8.GetBytes(WebhookSender.Body(Event, Id));
}
