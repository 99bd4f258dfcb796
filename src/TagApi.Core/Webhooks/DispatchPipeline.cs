using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TagApi.Core.Webhooks;

/// <summary>
/// The continuous dispatcher: one loop claims batches for every endpoint whose queue has room, each
/// claimed delivery is sent as soon as its endpoint's concurrency allows, and one writer records
/// outcomes in batches as they come. A slow receiver fills only its own queue; the claim loop then
/// skips it, so the other endpoints' deliveries keep flowing. A delivery leaves its endpoint's queue
/// when its attempt ends, not when the writer has recorded it: the writer then records whatever
/// accumulated while it was busy in one batch (group commit), instead of the queues waiting for it.
/// What is sent but not yet recorded is bounded separately (and stays claimed until recorded).
/// There are <see cref="Writers"/> writers, each owning the endpoints whose id falls to it.
/// Deliveries this instance's own writes owe are mostly never claimed by the loop: they are born claimed by
/// this pipeline (see <see cref="WebhookOutbox"/>) and handed over from memory once their change commits.
/// </summary>
internal sealed class DispatchPipeline(WebhookDispatcher dispatcher, WebhookOutbox signal)
{
    private const int MaxRecordBatch = 1_000;

    // Room for both writers' next batches on top of what they are writing: at twice one batch, the claim loop
    // stalled on this bound a third of its turns while the writers were far from full batches.
    private const int MaxUnrecorded = 4 * MaxRecordBatch;

    // One writer was busy all the time at ~12k outcomes/s while the database had room: each batch waits for its
    // own round trips. Two overlap them. They split the work by endpoint, so no two transactions ever update the
    // same endpoint row (its failure streak) and cannot deadlock; deliveries are disjoint anyway.
    private const int Writers = 2;
    private readonly Channel<(ClaimedDelivery Claim, DeliveryResult? Result)>[] _done =
        [.. Enumerable.Range(0, Writers).Select(_ => Channel.CreateUnbounded<(ClaimedDelivery, DeliveryResult?)>(new UnboundedChannelOptions { SingleReader = true }))];
    private readonly ConcurrentDictionary<long, int> _queued = new();
    private readonly ConcurrentDictionary<long, long> _unrecorded = new();
    private readonly RetryWakeups _retries = new();
    private int _inFlight;
    private int _sending;
    private int _unrecordedCount;

    // Hand-overs start sends from request threads; the lock orders them before shutdown's wait for sends to end,
    // so nothing is started after the final release of unrecorded claims.
    private readonly Lock _handOff = new();
    private bool _accepting;
    private CancellationToken _stopping;

    private int PerEndpointQueue => dispatcher.Settings.PerEndpointConcurrency * 32;

    /// <summary>A queue is claimed for again once no more than this many wait in it (see <see cref="Room"/>).</summary>
    private int RefillBelow => PerEndpointQueue - PerEndpointQueue / 4;

    private int MaxInFlight => Math.Max(dispatcher.Settings.BatchSize * 4, PerEndpointQueue);

    public async Task RunAsync(CancellationToken ct)
    {
        var recorders = _done.Select(done => Task.Run(() => RecordLoopAsync(done.Reader), CancellationToken.None)).ToArray();
        _stopping = ct;
        lock (_handOff)
        {
            _accepting = true;
        }

        signal.Attach(this);
        try
        {
            while (!ct.IsCancellationRequested && !recorders.Any(r => r.IsCompleted))
            {
                var room = Volatile.Read(ref _inFlight) < MaxInFlight && Volatile.Read(ref _unrecordedCount) < MaxUnrecorded;
                var claimedAt = dispatcher.Now();
                var rooms = Room();
                var claimed = room ? await dispatcher.ClaimAsync(rooms, ct) : [];
                foreach (var claim in claimed)
                {
                    Start(claim, ct);
                }

                if (!MayHaveLeftDue(rooms, claimed))
                {
                    // Everything due was claimed, or its endpoint's queue is full (draining it wakes the loop): claiming
                    // again at once would read nothing, so wait for a write, a retry falling due, or the poll.
                    await signal.WaitAsync(_retries.Wait(claimedAt, dispatcher.Now(), dispatcher.Settings.Poll), ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: fall through to drain and release.
        }
        finally
        {
            signal.Detach(this);
            lock (_handOff)
            {
                _accepting = false;
            }

            // Cancelled sends end quickly; what they had claimed is given back once the writer has drained.
            while (Volatile.Read(ref _sending) > 0)
            {
                await Task.Delay(10, CancellationToken.None);
            }

            foreach (var done in _done)
            {
                done.Writer.Complete();
            }

            await Task.WhenAny(Task.WhenAll(recorders));
            await dispatcher.ReleaseAsync(_unrecorded.Select(u => new DeliveryKey(u.Value, u.Key)).ToList());
        }

        await Task.WhenAll(recorders);
    }

    /// <summary>When deliveries born claimed by this pipeline now lapse (the same lease as a claim by the loop).</summary>
    public DateTime BornClaimUntil() => dispatcher.BornClaimUntil();

    /// <summary>
    /// Of the endpoints a write is about to owe deliveries (with how many each), those whose deliveries this pipeline
    /// takes at birth: while it runs, only as far as each endpoint's queue and the overall bounds have room, so a slow
    /// receiver's new deliveries wait in the table for the claim loop like any backlog. Nothing is reserved: concurrent
    /// writes may overshoot the queue bounds by a batch or two (the per-endpoint concurrency limit still holds).
    /// </summary>
    public BirthClaims EndpointsTakenAtBirth(IReadOnlyDictionary<long, int> owed)
    {
        var taken = new HashSet<long>();
        if (!Volatile.Read(ref _accepting))
        {
            return new BirthClaims(taken, WakeForRest: true);
        }

        var wake = false;
        var inFlight = Volatile.Read(ref _inFlight);
        var unrecorded = Volatile.Read(ref _unrecordedCount);
        foreach (var (endpoint, count) in owed)
        {
            var queued = _queued.GetValueOrDefault(endpoint);
            var overall = inFlight + count > MaxInFlight || unrecorded + count > MaxUnrecorded;
            if (overall || queued + count > PerEndpointQueue)
            {
                // Left in the table for the claim loop. A queue above the refill mark is not claimed for until it has
                // drained to the mark, and reaching the mark wakes the loop (see Start): waking it for this write too
                // made it probe every endpoint for nothing, once per write, all the while a slow receiver's queue was
                // full. (Should the mark be reached before this write commits, the poll picks its deliveries up.)
                wake |= overall || queued <= RefillBelow;
                continue;
            }

            taken.Add(endpoint);
            inFlight += count;
            unrecorded += count;
        }

        return new BirthClaims(taken, wake);
    }

    /// <summary>
    /// Starts deliveries born claimed by this pipeline, their change committed; false when it has stopped meanwhile
    /// (the caller then gives the claims back).
    /// </summary>
    public bool TryHandOff(IReadOnlyList<ClaimedDelivery> born)
    {
        lock (_handOff)
        {
            if (!_accepting)
            {
                return false;
            }

            foreach (var claim in born)
            {
                Start(claim, _stopping);
            }

            return true;
        }
    }

    /// <summary>Gives back claims this pipeline could not take (see <see cref="TryHandOff"/>).</summary>
    public Task ReleaseAsync(IReadOnlyCollection<DeliveryKey> ids) => dispatcher.ReleaseAsync(ids);

    /// <summary>
    /// What each endpoint's queue can still take; endpoints with nothing queued take a full queue. An endpoint whose
    /// queue is more than three quarters full takes nothing until it drains below that: topping a slow receiver's
    /// queue up a delivery or two at a time (it frees a slot every few milliseconds) made every claim step over the
    /// hundreds of its deliveries already claimed, many times a second, on the cores the healthy receivers' sends need.
    /// </summary>
    private EndpointRoom Room()
    {
        var queued = _queued.Where(q => q.Value > 0).ToArray();
        return new EndpointRoom([.. queued.Select(q => q.Key)], [.. queued.Select(q => RoomLeft(q.Value))], PerEndpointQueue);
    }

    private int RoomLeft(int queued) => queued > RefillBelow ? 0 : PerEndpointQueue - queued;

    /// <summary>
    /// Whether due deliveries may remain after a claim: it filled its batch, or an endpoint took all the room it was given.
    /// That endpoint's queue may have drained below the refill mark while the claim ran, and then no drain to the mark
    /// is left to wake the loop, so it claims again at once.
    /// </summary>
    private bool MayHaveLeftDue(EndpointRoom rooms, List<ClaimedDelivery> claimed)
    {
        if (claimed.Count >= dispatcher.Settings.BatchSize)
        {
            return true;
        }

        return claimed.CountBy(c => c.Delivery.EndpointId).Any(taken =>
        {
            var listed = Array.IndexOf(rooms.Endpoints, taken.Key);
            return taken.Value >= (listed < 0 ? rooms.Default : rooms.Rooms[listed]);
        });
    }

    private void Start(ClaimedDelivery claim, CancellationToken ct)
    {
        _unrecorded[claim.Delivery.Id] = claim.Delivery.TenantId;
        _queued.AddOrUpdate(claim.Delivery.EndpointId, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _sending);
        Interlocked.Increment(ref _unrecordedCount);
        _ = Task.Run(
            async () =>
            {
                DeliveryResult? result = null;
                try
                {
                    result = await dispatcher.DeliverAsync(claim, ct);
                    if (result is null)
                    {
                        // The claim lapsed: not ours to record or release any more.
                        _unrecorded.TryRemove(claim.Delivery.Id, out _);
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Stopping: left in _unrecorded, released at the end.
                }
                finally
                {
                    _done[claim.Delivery.EndpointId % Writers].Writer.TryWrite((claim, result));
                    // The attempt is over: its endpoint's queue has room for the next claim.
                    var left = _queued.AddOrUpdate(claim.Delivery.EndpointId, 0, (_, n) => n - 1);
                    var roomMade = left == RefillBelow;
                    roomMade |= Interlocked.Decrement(ref _inFlight) == MaxInFlight - 1;
                    Interlocked.Decrement(ref _sending);
                    if (roomMade)
                    {
                        // A queue has drained to where it is claimed for again: claim now rather than at the next poll.
                        signal.Wake();
                    }
                }
            },
            CancellationToken.None);
    }

    private async Task RecordLoopAsync(ChannelReader<(ClaimedDelivery Claim, DeliveryResult? Result)> done)
    {
        var batch = new List<(ClaimedDelivery Claim, DeliveryResult? Result)>();
        while (await done.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxRecordBatch && done.TryRead(out var item))
            {
                batch.Add(item);
            }

            var results = batch.Select(b => b.Result).OfType<DeliveryResult>().ToList();
            var retries = await dispatcher.RecordAsync(results, CancellationToken.None);
            if (_retries.Add(retries, dispatcher.Now()))
            {
                signal.Wake();
            }

            foreach (var (claim, result) in batch)
            {
                if (result is not null)
                {
                    _unrecorded.TryRemove(claim.Delivery.Id, out _);
                }
            }

            if (Interlocked.Add(ref _unrecordedCount, -batch.Count) + batch.Count >= MaxUnrecorded)
            {
                // The claim loop waited for the writers: it may claim again.
                signal.Wake();
            }
        }
    }
}

/// <summary>The endpoints whose deliveries a write's fan-out takes at birth, and whether the claim loop is to be woken for the rest.</summary>
internal sealed record BirthClaims(HashSet<long> Taken, bool WakeForRest);
